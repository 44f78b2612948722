package dev.headroom.signals;

import java.util.Objects;

/** A PerformancePolicy's namespace and name. */
public record PolicyId(String namespace, String name) {
  public PolicyId {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String toString() {
    return namespace + "/" + name;
  }
}
