package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.random.Gen;
import dev.headroom.testing.random.Seeds;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EvaluationScheduleTest {
  private static final Duration THIRTY = Duration.ofSeconds(30);
  private static final Instant T0 = Instant.parse("2026-12-05T10:00:00.000Z");

  @Test
  void fiveThousandPoliciesInTwoHundredFiftyNamespacesFallDueInSixSlotsOfAThirtySecondInterval() {
    Map<Duration, Integer> perPhase = new HashMap<>();
    for (int i = 0; i < 5000; i++) {
      perPhase.merge(EvaluationSchedule.phase("team-" + (i % 250), THIRTY), 1, Integer::sum);
    }
    assertThat(perPhase.keySet())
        .containsExactlyInAnyOrder(
            Duration.ZERO,
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            Duration.ofSeconds(15),
            Duration.ofSeconds(20),
            Duration.ofSeconds(25));
    // 250 namespaces of 20 policies into 6 slots: about 833 each, none more than half again.
    assertThat(perPhase.values()).allMatch(n -> n >= 5000 / 6 / 2 && n <= 5000 / 6 * 3 / 2);
  }

  @Test
  void aNamespacesPoliciesShareAStablePhaseAndIntervalsUnderTenSecondsHaveOneSlot() {
    assertThat(EvaluationSchedule.phase("shop", THIRTY))
        .isEqualTo(EvaluationSchedule.phase("shop", THIRTY));
    assertThat(EvaluationSchedule.slots(Duration.ofSeconds(5))).isEqualTo(1);
    assertThat(EvaluationSchedule.slots(Duration.ofSeconds(9))).isEqualTo(1);
    assertThat(EvaluationSchedule.slots(Duration.ofSeconds(15))).isEqualTo(3);
    assertThat(EvaluationSchedule.phase("shop", Duration.ofSeconds(5))).isEqualTo(Duration.ZERO);
  }

  @Test
  void aScheduledEvaluationComesBackAnIntervalAfterItsDueInstantEvenWhenDoneLate() {
    Instant due = T0.plusSeconds(10);
    Duration phase = Duration.ofSeconds(10);
    assertThat(EvaluationSchedule.next(Optional.of(due), due, THIRTY, phase))
        .isEqualTo(due.plus(THIRTY));
    assertThat(EvaluationSchedule.next(Optional.of(due), due.plusSeconds(20), THIRTY, phase))
        .as("20 s late: the next keeps its time")
        .isEqualTo(due.plus(THIRTY));
    assertThat(EvaluationSchedule.next(Optional.of(due), due.minusMillis(500), THIRTY, phase))
        .as("woken half a second early")
        .isEqualTo(due.plus(THIRTY));
  }

  @Test
  void anEvaluationFarBehindSkipsToTheNextSlotInsteadOfCatchingUp() {
    Instant due = T0.plusSeconds(10);
    Duration phase = Duration.ofSeconds(10);
    Instant now = due.plusSeconds(25);
    Instant next = EvaluationSchedule.next(Optional.of(due), now, THIRTY, phase);
    assertThat(next).isEqualTo(due.plus(THIRTY).plus(THIRTY));
  }

  @Test
  void anOperatorThatStartsEvaluatesAPolicyEvaluatedBeforeAtItsSlotWithinThirtySeconds() {
    Instant now = T0.plusMillis(1234);
    Instant hourly = EvaluationSchedule.firstAfterStart(now, Duration.ofHours(1), "shop");
    assertThat(Duration.between(now, hourly)).isLessThan(Duration.ofSeconds(30));
    assertThat(Math.floorMod(hourly.toEpochMilli(), 30_000L))
        .isEqualTo(EvaluationSchedule.phase("shop", THIRTY).toMillis());
    Instant fast = EvaluationSchedule.firstAfterStart(now, Duration.ofSeconds(5), "shop");
    assertThat(Duration.between(now, fast)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aTakeoverEvaluatesAtOnceThePoliciesWhoseSlotPassedWhileNobodyEvaluated() {
    Duration phase = EvaluationSchedule.phase("shop", THIRTY);
    Instant slot = EvaluationSchedule.aligned(T0.plusSeconds(300), THIRTY, phase);
    Instant now = slot.plusSeconds(3);
    // Unattended from 2 s before the slot: missed, evaluate now.
    assertThat(
            EvaluationSchedule.missedWhileUnattended(
                now, THIRTY, "shop", Optional.of(slot.minusSeconds(2))))
        .isTrue();
    // Unattended from just after the slot: the previous holder evaluated it, wait for the next.
    assertThat(
            EvaluationSchedule.missedWhileUnattended(
                now, THIRTY, "shop", Optional.of(slot.plusSeconds(1))))
        .isFalse();
    // Nobody was seen holding the Lease: nothing to catch up.
    assertThat(EvaluationSchedule.missedWhileUnattended(now, THIRTY, "shop", Optional.empty()))
        .isFalse();
  }

  @Test
  void afterALongGapNothingIsCaughtUpAtOnceAndTheStartIsSpreadInstead() {
    Duration phase = EvaluationSchedule.phase("shop", THIRTY);
    Instant slot = EvaluationSchedule.aligned(T0.plusSeconds(300), THIRTY, phase);
    assertThat(
            EvaluationSchedule.missedWhileUnattended(
                slot.plusSeconds(1), THIRTY, "shop", Optional.of(slot.minusSeconds(31))))
        .isFalse();
  }

  static Stream<Long> seeds() {
    return Seeds.of(500);
  }

  /**
   * A takeover catches a policy up exactly when one of its slots lies in the unattended gap, and
   * only for a gap of at most thirty seconds.
   */
  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void aPolicyIsCaughtUpExactlyWhenASlotOfItsFellInAShortUnattendedGap(long seed) {
    Gen gen = new Gen(seed);
    Duration interval = Duration.ofMillis(gen.longs(1_000, 3_600_000));
    String namespace = gen.string(20, "abcdefghij-");
    Instant now = T0.plusMillis(gen.longs(0, 86_400_000));
    Duration gap = Duration.ofMillis(gen.longs(0, 60_000));
    Instant since = now.minus(gap);
    Duration phase = EvaluationSchedule.phase(namespace, interval);
    boolean slotInGap =
        !EvaluationSchedule.aligned(since.plusMillis(1), interval, phase).isAfter(now);
    boolean expected = slotInGap && gap.compareTo(Duration.ofSeconds(30)) <= 0;
    Seeds.check(
        seed,
        () -> "interval=" + interval + " namespace=" + namespace + " now=" + now + " gap=" + gap,
        () ->
            assertThat(
                    EvaluationSchedule.missedWhileUnattended(
                        now, interval, namespace, Optional.of(since)))
                .isEqualTo(expected));
  }

  /**
   * Whatever the interval, the time and whether the evaluation was scheduled or not: the next due
   * instant is on the policy's grid, at least a quarter of an interval away, and at most an
   * interval and three quarters (an event) or two intervals (the scheduled one) away.
   */
  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void theNextDueInstantIsOnThePolicysGridAndNeitherTooSoonNorTooLate(long seed) {
    Gen gen = new Gen(seed);
    Duration interval = Duration.ofMillis(gen.longs(1_000, 600_000));
    String name = "p-" + gen.ints(0, 1_000_000);
    Duration phase = EvaluationSchedule.phase(name, interval);
    Instant now = T0.plusMillis(gen.longs(0, 86_400_000));
    boolean scheduled = gen.ints(0, 1) == 1;
    Optional<Instant> due =
        scheduled
            ? Optional.of(now.minusMillis(gen.longs(-500, 3 * interval.toMillis())))
            : Optional.of(
                now.plusMillis(gen.longs(interval.dividedBy(4).toMillis() + 1, 10_000_000)));
    Seeds.check(
        seed,
        () -> "interval=" + interval + " phase=" + phase + " now=" + now + " due=" + due,
        () -> {
          Instant next = EvaluationSchedule.next(due, now, interval, phase);
          assertThat(Math.floorMod(next.toEpochMilli() - phase.toMillis(), interval.toMillis()))
              .as("on the grid")
              .isZero();
          assertThat(phase).isLessThan(interval);
          assertThat(Duration.between(now, next)).isGreaterThanOrEqualTo(interval.dividedBy(4));
          if (EvaluationSchedule.isScheduled(due, now, interval)) {
            // Less than two intervals: a due instant off the grid (the interval changed) moves to
            // the next grid instant after due + interval.
            assertThat(Duration.between(now, next))
                .isLessThan(interval.multipliedBy(2).plusSeconds(1));
          } else {
            assertThat(Duration.between(now, next))
                .isGreaterThanOrEqualTo(interval.multipliedBy(3).dividedBy(4))
                .isLessThan(interval.multipliedBy(7).dividedBy(4));
          }
        });
  }
}
