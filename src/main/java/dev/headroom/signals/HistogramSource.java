package dev.headroom.signals;

import dev.headroom.api.v1alpha1.LatencyUnit;
import dev.headroom.signals.promql.Matcher;
import dev.headroom.signals.promql.MetricName;
import java.util.List;

/**
 * A request histogram in Prometheus, resolved from a preset and a policy's overrides; everything
 * but the target, so policies that read the same histogram share one grouped query.
 *
 * @param base the histogram's name without {@code _bucket}, {@code _sum}, {@code _count}
 * @param unit the unit of its observations (and its {@code le} bounds)
 * @param identity how its series name their workload
 * @param matchers fixed matchers: the preset's and the policy's {@code matchLabels}, sorted
 */
record HistogramSource(
    MetricName base, LatencyUnit unit, TargetIdentity identity, List<Matcher> matchers) {
  HistogramSource {
    matchers = List.copyOf(matchers);
  }

  MetricName bucket() {
    return base.suffixed("_bucket");
  }

  MetricName sum() {
    return base.suffixed("_sum");
  }

  MetricName count() {
    return base.suffixed("_count");
  }

  /** Units of the histogram's observations per second: 1000 for milliseconds. */
  int perSecond() {
    return unit == LatencyUnit.Milliseconds ? 1000 : 1;
  }
}
