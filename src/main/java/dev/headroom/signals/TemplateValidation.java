package dev.headroom.signals;

import java.util.Optional;

/**
 * Whether a custom PromQL template can be used, Prometheus being the judge.
 *
 * @param field where the template is in the spec, e.g. {@code spec.budgets.latency[0].metric.query}
 * @param verdict valid, invalid, or unknown (Prometheus could not be asked)
 * @param error the classified error when not valid
 * @param message for the policy's status: Prometheus' own message for a query it refused
 * @param query the query as filled for this policy, when it could be filled
 */
public record TemplateValidation(
    String field,
    Verdict verdict,
    Optional<SignalError> error,
    String message,
    Optional<String> query) {

  /** The outcome of a validation. */
  public enum Verdict {
    VALID,
    INVALID,
    /** Prometheus could not be asked (unreachable, timeout…): try again later. */
    UNKNOWN
  }

  public boolean valid() {
    return verdict == Verdict.VALID;
  }
}
