package dev.headroom.signals;

import static dev.headroom.signals.promql.PromQl.aggregate;
import static dev.headroom.signals.promql.PromQl.div;
import static dev.headroom.signals.promql.PromQl.histogramQuantile;
import static dev.headroom.signals.promql.PromQl.maxOverTime;
import static dev.headroom.signals.promql.PromQl.mul;
import static dev.headroom.signals.promql.PromQl.num;
import static dev.headroom.signals.promql.PromQl.or;
import static dev.headroom.signals.promql.PromQl.quantileOverTime;
import static dev.headroom.signals.promql.PromQl.range;
import static dev.headroom.signals.promql.PromQl.rate;
import static dev.headroom.signals.promql.PromQl.selector;
import static dev.headroom.signals.promql.PromQl.subquery;
import static dev.headroom.signals.promql.PromQl.sum;
import static dev.headroom.signals.promql.PromQl.timestamp;

import dev.headroom.signals.promql.Expr;
import dev.headroom.signals.promql.Expr.Aggregator;
import dev.headroom.signals.promql.LabelName;
import dev.headroom.signals.promql.MatchOp;
import dev.headroom.signals.promql.Matcher;
import dev.headroom.signals.promql.MetricName;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A kind of query with everything fixed but its targets: the same family for many policies is one
 * grouped query ({@link Scope.Batch}), for one policy a query of its own ({@link Scope.Single}).
 * Records, so equal families are found by equality; a family of pod series carries its targets'
 * {@link PodNaming}, so targets whose pods are named differently are different families.
 */
sealed interface Family {
  LabelName LE = LabelName.of("le");
  LabelName POD = LabelName.of("pod");
  LabelName CONTAINER = LabelName.of("container");
  MetricName CPU = MetricName.of("container_cpu_usage_seconds_total");
  MetricName MEMORY = MetricName.of("container_memory_working_set_bytes");
  MetricName CFS_PERIODS = MetricName.of("container_cpu_cfs_periods_total");
  MetricName CFS_THROTTLED = MetricName.of("container_cpu_cfs_throttled_periods_total");

  TargetIdentity identity();

  Expr expr(Scope scope);

  /** Whether the answer has a series per container (labelled {@code container}). */
  default boolean perContainer() {
    return false;
  }

  /** {@code histogram_quantile(q, sum by (…, le) (rate(<base>_bucket{…}[window])))}. */
  record Quantile(HistogramSource source, Duration window, double quantile) implements Family {
    @Override
    public TargetIdentity identity() {
      return source.identity();
    }

    @Override
    public Expr expr(Scope scope) {
      Expr buckets =
          sum(
              with(scope.keyLabels(), LE),
              scope.tag(rate(range(select(source.bucket(), source, scope), window))));
      return seconds(histogramQuantile(quantile, buckets), source);
    }
  }

  /** {@code sum(rate(<base>_sum[window])) / sum(rate(<base>_count[window]))}. */
  record Average(HistogramSource source, Duration window) implements Family {
    @Override
    public TargetIdentity identity() {
      return source.identity();
    }

    @Override
    public Expr expr(Scope scope) {
      return seconds(
          div(
              rateOf(source.sum(), source, scope, window),
              rateOf(source.count(), source, scope, window)),
          source);
    }
  }

  /**
   * Errors over all requests, both from {@code _count}; a target with requests but no error series
   * is 0, not missing: {@code (errors or (0 * all)) / all}.
   */
  record ErrorRatio(
      HistogramSource source, Duration window, LabelName statusLabel, String errorStatuses)
      implements Family {
    @Override
    public TargetIdentity identity() {
      return source.identity();
    }

    @Override
    public Expr expr(Scope scope) {
      List<Matcher> errors = new ArrayList<>(scope.matchers());
      errors.addAll(source.matchers());
      errors.add(new Matcher(statusLabel, MatchOp.RE, errorStatuses));
      Expr failed =
          sum(scope.keyLabels(), scope.tag(rate(range(selector(source.count(), errors), window))));
      Expr all = rateOf(source.count(), source, scope, window);
      return div(or(failed, mul(num(0), all)), all);
    }
  }

  /** {@code sum(rate(<base>_count[window]))}: requests per second. */
  record RequestRate(HistogramSource source, Duration window) implements Family {
    @Override
    public TargetIdentity identity() {
      return source.identity();
    }

    @Override
    public Expr expr(Scope scope) {
      return rateOf(source.count(), source, scope, window);
    }
  }

  /** {@code max(timestamp(<base>_count{…}))}: when the histogram was last scraped. */
  record HistogramFreshness(HistogramSource source) implements Family {
    @Override
    public TargetIdentity identity() {
      return source.identity();
    }

    @Override
    public Expr expr(Scope scope) {
      return aggregate(
          Aggregator.MAX,
          scope.keyLabels(),
          scope.tag(timestamp(select(source.count(), source, scope))));
    }
  }

  /** Mean over pods of each pod's CPU rate, cores. */
  record CpuPerPod(PodNaming naming, Duration window) implements Family {
    @Override
    public TargetIdentity identity() {
      return TargetIdentity.pods(naming);
    }

    @Override
    public Expr expr(Scope scope) {
      Expr perPod =
          sum(with(scope.keyLabels(), POD), scope.tag(rate(range(cadvisor(CPU, scope), window))));
      return aggregate(Aggregator.AVG, scope.keyLabels(), perPod);
    }
  }

  /** The largest pod's working set now, bytes. */
  record MemoryPerPod(PodNaming naming) implements Family {
    @Override
    public TargetIdentity identity() {
      return TargetIdentity.pods(naming);
    }

    @Override
    public Expr expr(Scope scope) {
      Expr perPod = sum(with(scope.keyLabels(), POD), scope.tag(cadvisor(MEMORY, scope)));
      return aggregate(Aggregator.MAX, scope.keyLabels(), perPod);
    }
  }

  /** Per container, the highest over pods of each pod's CPU-rate percentile over the history. */
  record ContainerCpuHigh(
      PodNaming naming, Duration window, Duration history, Duration step, double quantile)
      implements Family {
    @Override
    public TargetIdentity identity() {
      return TargetIdentity.pods(naming);
    }

    @Override
    public boolean perContainer() {
      return true;
    }

    @Override
    public Expr expr(Scope scope) {
      Expr overTime =
          quantileOverTime(
              quantile, subquery(rate(range(cadvisor(CPU, scope), window)), history, step));
      return aggregate(Aggregator.MAX, with(scope.keyLabels(), CONTAINER), scope.tag(overTime));
    }
  }

  /** Per container, the highest working set of any pod over the history, bytes. */
  record ContainerMemoryPeak(PodNaming naming, Duration history) implements Family {
    @Override
    public TargetIdentity identity() {
      return TargetIdentity.pods(naming);
    }

    @Override
    public boolean perContainer() {
      return true;
    }

    @Override
    public Expr expr(Scope scope) {
      return aggregate(
          Aggregator.MAX,
          with(scope.keyLabels(), CONTAINER),
          scope.tag(maxOverTime(range(cadvisor(MEMORY, scope), history))));
    }
  }

  /** Per container, throttled over all CFS periods across pods. */
  record ContainerThrottling(PodNaming naming, Duration window) implements Family {
    @Override
    public TargetIdentity identity() {
      return TargetIdentity.pods(naming);
    }

    @Override
    public boolean perContainer() {
      return true;
    }

    @Override
    public Expr expr(Scope scope) {
      List<LabelName> by = with(scope.keyLabels(), CONTAINER);
      return div(
          sum(by, scope.tag(rate(range(cadvisor(CFS_THROTTLED, scope), window)))),
          sum(by, scope.tag(rate(range(cadvisor(CFS_PERIODS, scope), window)))));
    }
  }

  /** When cAdvisor's CPU counter was last scraped for the target. */
  record CadvisorFreshness(PodNaming naming) implements Family {
    @Override
    public TargetIdentity identity() {
      return TargetIdentity.pods(naming);
    }

    @Override
    public Expr expr(Scope scope) {
      return aggregate(
          Aggregator.MAX, scope.keyLabels(), scope.tag(timestamp(cadvisor(CPU, scope))));
    }
  }

  private static Expr.Selector select(MetricName metric, HistogramSource source, Scope scope) {
    List<Matcher> matchers = new ArrayList<>(scope.matchers());
    matchers.addAll(source.matchers());
    return selector(metric, matchers);
  }

  private static Expr rateOf(
      MetricName metric, HistogramSource source, Scope scope, Duration window) {
    return sum(scope.keyLabels(), scope.tag(rate(range(select(metric, source, scope), window))));
  }

  /** A cAdvisor series of the scope's containers, without the pod-level and pause cgroups. */
  private static Expr.Selector cadvisor(MetricName metric, Scope scope) {
    List<Matcher> matchers = new ArrayList<>(scope.matchers());
    matchers.add(Matcher.ne(CONTAINER.value(), ""));
    matchers.add(Matcher.ne(CONTAINER.value(), "POD"));
    return selector(metric, matchers);
  }

  /** A latency in the histogram's unit, as seconds. */
  private static Expr seconds(Expr value, HistogramSource source) {
    return source.perSecond() == 1 ? value : div(value, num(source.perSecond()));
  }

  private static List<LabelName> with(List<LabelName> labels, LabelName extra) {
    List<LabelName> all = new ArrayList<>(labels);
    all.add(extra);
    return all;
  }
}
