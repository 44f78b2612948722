package dev.headroom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeaseHistoryTest {
  private static final Instant RENEWED = Instant.parse("2026-12-05T12:00:00Z");
  private static final LeaderElection ELECTION =
      LeaderElection.inNamespace("ops", "replica-b")
          .withDurations(Duration.ofSeconds(15), Duration.ofSeconds(10), Duration.ofSeconds(2));

  @Test
  void aReleasedLeaseWasUnattendedFromItsRelease() {
    // The releasing replica stopped taking work before it wrote the release.
    assertThat(LeaseHistory.unattendedSince(new LeaseHistory.Seen("", RENEWED), ELECTION))
        .isEqualTo(RENEWED);
  }

  @Test
  void aVanishedHolderMayHaveEvaluatedForTwoRetryPeriodsAfterTheRenewalSeen() {
    // Renewed up to a retry period after what the follower saw, alive up to one more: its slots
    // in those four seconds may have been evaluated, and must not be evaluated twice.
    assertThat(LeaseHistory.unattendedSince(new LeaseHistory.Seen("replica-a", RENEWED), ELECTION))
        .isEqualTo(RENEWED.plusSeconds(4));
  }
}
