package dev.headroom.engine.behavior;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the HPA remembers per autoscaler between syncs: its recent unstabilized recommendations and
 * the scale events of each direction. Immutable; {@link BehaviorNormalizer} prunes what can no
 * longer matter, so it stays bounded.
 *
 * @param recommendations oldest first
 * @param scaleUpEvents oldest first, each with a positive change
 * @param scaleDownEvents oldest first, each with a negative change
 */
public record BehaviorState(
    List<Recommendation> recommendations,
    List<ScaleEvent> scaleUpEvents,
    List<ScaleEvent> scaleDownEvents) {
  public BehaviorState {
    recommendations = List.copyOf(recommendations);
    scaleUpEvents = List.copyOf(scaleUpEvents);
    scaleDownEvents = List.copyOf(scaleDownEvents);
    if (scaleUpEvents.stream().anyMatch(event -> event.replicaChange() < 0)) {
      throw new IllegalArgumentException("a scale-up event with a negative change");
    }
    if (scaleDownEvents.stream().anyMatch(event -> event.replicaChange() > 0)) {
      throw new IllegalArgumentException("a scale-down event with a positive change");
    }
  }

  /** The state of an autoscaler that has never synced. */
  public static BehaviorState empty() {
    return new BehaviorState(List.of(), List.of(), List.of());
  }

  /**
   * The recommendations restated in pods of another size ({@code factor} = old size / new size,
   * rounded up): after a pod-size change, stabilizing against counts of the old pods would hold the
   * old number of pods at the new size.
   */
  public BehaviorState withRecommendationsScaled(double factor) {
    return new BehaviorState(
        recommendations.stream()
            .map(r -> new Recommendation(r.at(), (int) Math.ceil(r.replicas() * factor - 1e-9)))
            .toList(),
        scaleUpEvents,
        scaleDownEvents);
  }

  /**
   * The same state without the scale events recorded at {@code at}: for a decision that was only
   * recommended, whose change never happened and must not count against rate limits.
   */
  public BehaviorState withoutScaleEventsAt(Instant at) {
    return new BehaviorState(
        recommendations,
        scaleUpEvents.stream().filter(e -> !e.at().equals(at)).toList(),
        scaleDownEvents.stream().filter(e -> !e.at().equals(at)).toList());
  }

  /**
   * The state with one more recommendation. An earlier recommendation of the same count is dropped:
   * a window is always the most recent stretch of time, so any window that holds the earlier one
   * holds this one too, and the lowest or highest count in it is the same without it. A steady
   * policy keeps one recommendation instead of one per evaluation in its window, which is what
   * keeps {@code status.engineState} small (and unchanged but for that one instant while nothing
   * moves).
   */
  BehaviorState withRecommendation(Recommendation recommendation) {
    List<Recommendation> kept = new ArrayList<>(recommendations.size() + 1);
    for (Recommendation earlier : recommendations) {
      if (earlier.replicas() != recommendation.replicas()
          || earlier.at().isAfter(recommendation.at())) {
        kept.add(earlier);
      }
    }
    kept.add(recommendation);
    return new BehaviorState(kept, scaleUpEvents, scaleDownEvents);
  }

  /**
   * This state read back after the operator lost track of the policy for a while (a restart, a
   * leader change), knowing that the last recommendation it holds kept being made until {@code
   * until}: its status is written whenever the recommended count changes, so until the status was
   * due to be refreshed, every later recommendation was that count. Moving the last one to {@code
   * until} keeps a scale-down window from passing sooner than it would have without the restart.
   */
  public BehaviorState lastRecommendationHeldUntil(Instant until) {
    if (recommendations.isEmpty()) {
      return this;
    }
    Recommendation last = recommendations.get(recommendations.size() - 1);
    if (!until.isAfter(last.at())) {
      return this;
    }
    return withRecommendation(new Recommendation(until, last.replicas()));
  }

  /**
   * This state with its recommendations made {@code pause} later: for a stretch in which the policy
   * could not be evaluated (the apiserver was away), so that a stabilization window counts only
   * time in which recommendations were made, and does not pass during the stretch without one. None
   * is moved past {@code notAfter} (now): a recommendation from the future would hold both windows.
   */
  public BehaviorState withRecommendationsDelayedBy(Duration pause, Instant notAfter) {
    if (pause.isNegative() || pause.isZero()) {
      return this;
    }
    return new BehaviorState(
        recommendations.stream()
            .map(
                r -> {
                  Instant later = r.at().plus(pause);
                  return new Recommendation(
                      later.isAfter(notAfter) ? notAfter : later, r.replicas());
                })
            .toList(),
        scaleUpEvents,
        scaleDownEvents);
  }

  BehaviorState withScaleEvent(ScaleEvent event) {
    if (event.replicaChange() > 0) {
      return new BehaviorState(recommendations, appended(scaleUpEvents, event), scaleDownEvents);
    }
    return new BehaviorState(recommendations, scaleUpEvents, appended(scaleDownEvents, event));
  }

  /**
   * Drops what no future call can use. A recommendation counts only while it is strictly younger
   * than a window, and windows only move forward, so one outside the longer window is dead. An
   * event counts for a policy only while strictly younger than its period (scale-up limits read
   * scale-down events too, so the longest period of either direction applies) and for a cooldown
   * only while younger than the cooldown.
   */
  BehaviorState pruned(Behavior behavior, Instant now) {
    Duration longestWindow =
        max(behavior.scaleUp().stabilizationWindow(), behavior.scaleDown().stabilizationWindow());
    Duration longestPeriod =
        max(behavior.scaleUp().longestPolicyPeriod(), behavior.scaleDown().longestPolicyPeriod());
    Instant recommendationCutoff = now.minus(longestWindow);
    Instant upCutoff = now.minus(max(longestPeriod, behavior.scaleUp().cooldown()));
    Instant downCutoff = now.minus(max(longestPeriod, behavior.scaleDown().cooldown()));
    return new BehaviorState(
        recommendations.stream().filter(r -> r.at().isAfter(recommendationCutoff)).toList(),
        scaleUpEvents.stream().filter(e -> e.at().isAfter(upCutoff)).toList(),
        scaleDownEvents.stream().filter(e -> e.at().isAfter(downCutoff)).toList());
  }

  private static <T> List<T> appended(List<T> list, T element) {
    List<T> copy = new ArrayList<>(list.size() + 1);
    copy.addAll(list);
    copy.add(Objects.requireNonNull(element));
    return copy;
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
