package dev.headroom.signals.promql;

import java.time.Duration;
import java.util.Objects;

/**
 * What a template's placeholders are filled with: only values from the policy and its target.
 *
 * @param namespace the policy's namespace
 * @param target the target workload's name
 * @param podRegex an RE2 expression matching the target's pods
 * @param window the budget's window
 */
public record TemplateValues(String namespace, String target, String podRegex, Duration window) {
  public TemplateValues {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(podRegex, "podRegex");
    Objects.requireNonNull(window, "window");
  }

  String valueOf(Placeholder placeholder) {
    return switch (placeholder) {
      case NAMESPACE -> namespace;
      case TARGET -> target;
      case POD -> podRegex;
      case WINDOW -> PromDuration.of(window).render();
    };
  }
}
