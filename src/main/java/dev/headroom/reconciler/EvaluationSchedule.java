package dev.headroom.reconciler;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a policy is evaluated next. Pure.
 *
 * <p>Every policy falls due on a grid of its own: the multiples of its interval since the epoch,
 * shifted by a phase taken from a stable hash of its namespace. The phase is one of a few slots
 * (one per {@link #SLOT} of the interval, at least one), so that:
 *
 * <ul>
 *   <li>5,000 policies in a cluster's namespaces, created at once, do not all fall due in the same
 *       second;
 *   <li>the policies that share a slot fall due at the same instant, where one read serves them all
 *       (the read-ahead in {@link PrometheusMetricsSource}): at a 30 s interval the queries of six
 *       slots are what Prometheus sees, however many policies there are;
 *   <li>a namespace's policies share a slot, and a grouped query selects the series of the
 *       namespaces it reads for: each slot's queries touch only their slot's namespaces, so
 *       Prometheus goes over every series once per interval, not once per slot.
 * </ul>
 *
 * <p>The price: the policies of one namespace are evaluated together, all of them in one second
 * when a cluster keeps them in one namespace.
 *
 * <p>An evaluation that is the scheduled one (its due instant has come) schedules the next one an
 * interval after that due instant, not after it finished, so a late evaluation does not push every
 * later one back; one that fell more than three quarters of an interval behind skips to the next
 * slot instead of catching up with evaluations nobody needs any more. An evaluation triggered by an
 * event (a spec change, an OOM kill, the operator's start) comes back at the first slot at least
 * three quarters of an interval later: never so soon that two evaluations a moment apart act on the
 * same evidence, at most an interval and three quarters later.
 */
final class EvaluationSchedule {
  /** The shortest time between two slots of one interval. */
  static final Duration SLOT = Duration.ofSeconds(5);

  /** How early the SDK's timer may wake an evaluation and still count as the scheduled one. */
  private static final Duration EARLY = Duration.ofSeconds(1);

  private EvaluationSchedule() {}

  /** The policy's phase within its interval: one of {@link #slots} slots, from its namespace. */
  static Duration phase(String namespace, Duration interval) {
    long slots = slots(interval);
    long slot = Long.remainderUnsigned(fnv1a(namespace), slots);
    return Duration.ofMillis(slot * (interval.toMillis() / slots));
  }

  /** How many instants an interval's evaluations fall due at. */
  static long slots(Duration interval) {
    return Math.max(1, interval.toMillis() / SLOT.toMillis());
  }

  /** The first instant of the policy's grid at or after {@code notBefore}. */
  static Instant aligned(Instant notBefore, Duration interval, Duration phase) {
    long step = Math.max(1, interval.toMillis());
    long shifted = notBefore.toEpochMilli() - phase.toMillis();
    long k = Math.floorDiv(shifted + step - 1, step);
    return Instant.ofEpochMilli(k * step + phase.toMillis());
  }

  /** The longest an operator that starts leaves a policy evaluated before unevaluated. */
  static final Duration FIRST_WITHIN = Duration.ofSeconds(30);

  /**
   * When an operator that just started (or took over) first evaluates a policy that was evaluated
   * before: at its namespace's slot of an interval of at most {@link #FIRST_WITHIN}, so the
   * policies of a slot share their first read, and none waits a long interval for it.
   */
  static Instant firstAfterStart(Instant now, Duration interval, String namespace) {
    Duration within = interval.compareTo(FIRST_WITHIN) < 0 ? interval : FIRST_WITHIN;
    return aligned(now, within, phase(namespace, within));
  }

  /**
   * Whether a process that just took over should evaluate a policy at once rather than at its next
   * slot: the policy's latest slot passed after {@code unattendedSince}, the instant from which no
   * other process can have evaluated it (the previous holder's release or last sign of life), so
   * that slot was missed. Only for a short gap, at most {@link #FIRST_WITHIN}: after a longer one
   * every policy missed a slot, and evaluating them all at once is the read storm {@link
   * #firstAfterStart} spreads.
   */
  static boolean missedWhileUnattended(
      Instant now, Duration interval, String namespace, Optional<Instant> unattendedSince) {
    if (unattendedSince.isEmpty()
        || Duration.between(unattendedSince.get(), now).compareTo(FIRST_WITHIN) > 0) {
      return false;
    }
    Duration phase = phase(namespace, interval);
    Instant next = aligned(now, interval, phase);
    Instant latest = next.equals(now) ? now : next.minus(interval);
    return latest.isAfter(unattendedSince.get());
  }

  /** Whether an evaluation at {@code now} is the one scheduled for {@code due}. */
  static boolean isScheduled(Optional<Instant> due, Instant now, Duration interval) {
    if (due.isEmpty()) {
      return false;
    }
    Duration early = EARLY.compareTo(interval.dividedBy(4)) < 0 ? EARLY : interval.dividedBy(4);
    return !now.isBefore(due.get().minus(early));
  }

  /**
   * The next due instant after an evaluation at {@code now}.
   *
   * @param due the instant this policy's next evaluation was scheduled for, if one was
   */
  static Instant next(Optional<Instant> due, Instant now, Duration interval, Duration phase) {
    if (isScheduled(due, now, interval)) {
      // Aligned: a due instant from before an interval change is not on the new grid.
      Instant following = aligned(due.get().plus(interval), interval, phase);
      if (!following.isBefore(now.plus(interval.dividedBy(4)))) {
        return following;
      }
      return aligned(now.plus(interval.dividedBy(2)), interval, phase);
    }
    return aligned(now.plus(interval.multipliedBy(3).dividedBy(4)), interval, phase);
  }

  /**
   * 64-bit FNV-1a of the UTF-8 bytes: stable across JVMs and releases, unlike a seeded hash, and
   * well spread over short names with common prefixes, unlike {@code String.hashCode}. Slots and
   * shards both hash with it.
   */
  static long fnv1a(String text) {
    long hash = 0xcbf29ce484222325L;
    for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
      hash ^= b & 0xff;
      hash *= 0x100000001b3L;
    }
    return hash;
  }
}
