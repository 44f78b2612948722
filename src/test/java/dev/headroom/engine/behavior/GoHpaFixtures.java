package dev.headroom.engine.behavior;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The helpers of horizontal_test.go, so its cases read as they do there. */
final class GoHpaFixtures {
  static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

  private GoHpaFixtures() {}

  /** generateScalingRules: a Pods and/or Percent policy (0 = absent), selectPolicy Max. */
  static DirectionRules generateScalingRules(
      int pods, int podsPeriodSeconds, int percent, int percentPeriodSeconds, int windowSeconds) {
    List<ScalingPolicy> policies = new ArrayList<>();
    if (pods != 0) {
      policies.add(ScalingPolicy.pods(pods, Duration.ofSeconds(podsPeriodSeconds)));
    }
    if (percent != 0) {
      policies.add(ScalingPolicy.percent(percent, Duration.ofSeconds(percentPeriodSeconds)));
    }
    return new DirectionRules(
        Duration.ofSeconds(windowSeconds), SelectPolicy.MAX, policies, Duration.ZERO);
  }

  /**
   * generateEventsUniformDistribution: events spread over the last {@code periodSeconds}, each in
   * the middle of its segment, oldest first. A negative {@code sign} makes scale-down events.
   */
  static List<ScaleEvent> uniformEvents(int sign, int periodSeconds, int... changes) {
    List<ScaleEvent> events = new ArrayList<>();
    double segment = (double) periodSeconds / changes.length;
    for (int i = 0; i < changes.length; i++) {
      // Go truncates the boundary to whole seconds before scaling it by time.Second.
      long secondsAgo = (long) (periodSeconds - segment * (i + 1) + segment / 2);
      events.add(new ScaleEvent(NOW.minusSeconds(secondsAgo), sign * changes[i]));
    }
    return events;
  }

  static List<ScaleEvent> up(int periodSeconds, int... changes) {
    return uniformEvents(1, periodSeconds, changes);
  }

  static List<ScaleEvent> down(int periodSeconds, int... changes) {
    return uniformEvents(-1, periodSeconds, changes);
  }

  static Recommendation recommendation(int replicas, Duration ago) {
    return new Recommendation(NOW.minus(ago), replicas);
  }
}
