package dev.headroom.signals.promql;

import java.util.Arrays;
import java.util.Optional;

/** The placeholders a custom query template may use, and where each may stand. */
public enum Placeholder {
  /** The policy's namespace; inside a quoted string. */
  NAMESPACE("namespace", true),
  /** The target workload's name; inside a quoted string. */
  TARGET("target", true),
  /** An RE2 expression matching the target's pod names; inside a quoted string. */
  POD("pod", true),
  /** The budget's window as a PromQL duration; outside quotes, e.g. {@code [{{window}}]}. */
  WINDOW("window", false);

  private final String name;
  private final boolean quoted;

  Placeholder(String name, boolean quoted) {
    this.name = name;
    this.quoted = quoted;
  }

  /** As written in a template: {@code {{namespace}}}. */
  public String token() {
    return "{{" + name + "}}";
  }

  /** Whether it stands inside a string literal (else in the query's code, unquoted). */
  public boolean quoted() {
    return quoted;
  }

  public static Optional<Placeholder> named(String name) {
    return Arrays.stream(values()).filter(p -> p.name.equals(name)).findFirst();
  }
}
