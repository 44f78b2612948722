package dev.headroom.reconciler;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PerformancePolicyStatus;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** How the reconciler's memories of a policy name it and date its status. */
final class PolicyRecords {
  private PolicyRecords() {}

  /** By uid, so that a policy deleted and created again under its name starts with nothing. */
  static String key(PerformancePolicy policy) {
    var metadata = policy.getMetadata();
    return metadata.getUid() != null
        ? metadata.getUid()
        : metadata.getNamespace() + "/" + metadata.getName();
  }

  /** When the status's evaluation was made; empty for no status or a time that does not parse. */
  static Optional<Instant> evaluatedAt(PerformancePolicyStatus status) {
    if (status == null || status.lastEvaluationTime() == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(status.lastEvaluationTime()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }
}
