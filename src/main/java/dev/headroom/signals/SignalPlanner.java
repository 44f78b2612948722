package dev.headroom.signals;

import dev.headroom.api.v1alpha1.Budgets;
import dev.headroom.api.v1alpha1.GoDuration;
import dev.headroom.api.v1alpha1.LatencyBudget;
import dev.headroom.api.v1alpha1.LatencyStatistic;
import dev.headroom.api.v1alpha1.MetricSource;
import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import dev.headroom.api.v1alpha1.ResourceMode;
import dev.headroom.signals.PlannedSignal.Families;
import dev.headroom.signals.PlannedSignal.Invalid;
import dev.headroom.signals.PlannedSignal.Role;
import dev.headroom.signals.PlannedSignal.Sourcing;
import dev.headroom.signals.PlannedSignal.Template;
import dev.headroom.signals.promql.LabelName;
import dev.headroom.signals.promql.PromDuration;
import dev.headroom.signals.promql.QueryTemplate;
import dev.headroom.signals.promql.TemplateValues;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Which signals a policy needs and how each is read: a signal per latency budget, the error rate,
 * throughput (or the request rate the engine learns from), CPU and memory per pod, and container
 * usage when rightsizing is on. A part of the spec that can not be read becomes an {@link Invalid}
 * signal; planning never throws.
 */
final class SignalPlanner {
  static final String DEFAULT_WINDOW = "5m";
  static final String DEFAULT_ERROR_STATUSES = "5..";

  private final SignalSettings settings;

  SignalPlanner(SignalSettings settings) {
    this.settings = settings;
  }

  List<PlannedSignal> plan(PolicyTarget policy) {
    List<PlannedSignal> signals = new ArrayList<>();
    PerformancePolicySpec spec = policy.spec();
    Budgets budgets = spec.budgets();
    if (budgets == null) {
      signals.add(invalid("budgets", SignalKind.REQUEST_RATE, "the policy has no budgets to read"));
      return signals;
    }
    if (policy.targetName().isEmpty()) {
      signals.add(invalid("target", SignalKind.REQUEST_RATE, "the policy names no target"));
      return signals;
    }
    List<LatencyBudget> latency = budgets.latency() == null ? List.of() : budgets.latency();
    for (LatencyBudget budget : latency) {
      signals.add(latency(policy, budget));
    }
    MetricSource first = latency.isEmpty() ? null : latency.get(0).metric();
    String firstWindow = latency.isEmpty() ? DEFAULT_WINDOW : latency.get(0).window();

    var errorRate = budgets.errorRate();
    if (errorRate != null) {
      signals.add(
          safely(
              "errorRate",
              SignalKind.ERROR_RATIO,
              () ->
                  source(
                      policy,
                      inherited(errorRate.metric(), first, "errorRate"),
                      window(errorRate.window()),
                      (resolved, window) ->
                          new Family.ErrorRatio(
                              resolved.source(),
                              window,
                              errorRate.statusLabel() != null
                                  ? LabelName.of(errorRate.statusLabel())
                                  : resolved.statusLabel(),
                              errorRate.errorStatuses() != null
                                  ? errorRate.errorStatuses()
                                  : DEFAULT_ERROR_STATUSES))));
    }
    var throughput = budgets.throughput();
    if (throughput != null) {
      signals.add(
          safely(
              "throughput",
              SignalKind.REQUEST_RATE,
              () ->
                  source(
                      policy,
                      inherited(throughput.metric(), first, "throughput"),
                      window(throughput.window()),
                      (resolved, window) -> new Family.RequestRate(resolved.source(), window))));
    } else if (first != null && first.preset() != null) {
      // The engine learns capacity from the request rate even without a throughput budget.
      signals.add(
          safely(
              "requestRate",
              SignalKind.REQUEST_RATE,
              () ->
                  source(
                      policy,
                      first,
                      window(firstWindow),
                      (resolved, window) -> new Family.RequestRate(resolved.source(), window))));
    }
    resources(policy, budgets, latency, firstWindow, signals);
    return signals;
  }

  /**
   * @param requestWindow the window of the request rate: CPU over the same window, so that the
   *     engine's CPU per request compares like with like (over a longer window a step, or a young
   *     series, would show CPU a fraction of what the requests cost)
   */
  private void resources(
      PolicyTarget policy,
      Budgets budgets,
      List<LatencyBudget> latency,
      String requestWindow,
      List<PlannedSignal> out) {
    PerformancePolicySpec spec = policy.spec();
    var scaleAt = spec.scaling() == null ? null : spec.scaling().scaleAt();
    boolean rightsizing =
        spec.resources() != null
            && spec.resources().mode() != null
            && spec.resources().mode() != ResourceMode.Off;
    TargetKey key = new TargetKey(policy.id().namespace(), policy.targetName());
    PodNaming naming = policy.podNaming();
    if (budgets.cpu() != null
        || !latency.isEmpty()
        || rightsizing
        || (scaleAt != null && scaleAt.cpuUtilizationPercent() != null)) {
      out.add(
          safely(
              "cpu",
              SignalKind.CPU_CORES_PER_POD,
              () -> {
                Duration window =
                    budgets.cpu() != null && budgets.cpu().window() != null
                        ? window(budgets.cpu().window())
                        : latency.isEmpty() ? settings.resourceRateWindow() : window(requestWindow);
                return cadvisor(
                    key, naming, Map.of(Role.VALUE, new Family.CpuPerPod(naming, window)));
              }));
    }
    if (budgets.memory() != null
        || rightsizing
        || (scaleAt != null && scaleAt.memoryUtilizationPercent() != null)) {
      out.add(
          safely(
              "memory",
              SignalKind.MEMORY_BYTES_PER_POD,
              () -> cadvisor(key, naming, Map.of(Role.VALUE, new Family.MemoryPerPod(naming)))));
    }
    if (rightsizing) {
      out.add(
          safely(
              "containers",
              SignalKind.CONTAINER_USAGE,
              () ->
                  cadvisor(
                      key,
                      naming,
                      Map.of(
                          Role.CPU_HIGH,
                          new Family.ContainerCpuHigh(
                              naming,
                              settings.resourceRateWindow(),
                              settings.usageHistory(),
                              settings.usageHistoryStep(),
                              settings.cpuHighQuantile()),
                          Role.MEMORY_PEAK,
                          new Family.ContainerMemoryPeak(naming, settings.usageHistory()),
                          Role.THROTTLING,
                          new Family.ContainerThrottling(naming, settings.resourceRateWindow())))));
    }
  }

  private static Sourcing cadvisor(TargetKey key, PodNaming naming, Map<Role, Family> parts) {
    var all = new EnumMap<Role, Family>(Role.class);
    all.putAll(parts);
    all.put(Role.FRESHNESS, new Family.CadvisorFreshness(naming));
    return new Families(all, key);
  }

  private PlannedSignal latency(PolicyTarget policy, LatencyBudget budget) {
    boolean average = budget.statistic() == LatencyStatistic.Average;
    String name = "latency/" + budget.name();
    double quantile = average || budget.percentile() == null ? Double.NaN : budget.percentile();
    SignalKind kind = average ? SignalKind.LATENCY_AVERAGE : SignalKind.LATENCY_QUANTILE;
    if (!average && !(quantile > 0 && quantile < 1)) {
      return new PlannedSignal(
          name,
          kind,
          quantile,
          new Invalid(SignalError.INVALID_SPEC, "percentile must be between 0 and 1"));
    }
    PlannedSignal planned =
        safely(
            name,
            kind,
            () ->
                source(
                    policy,
                    budget.metric(),
                    window(budget.window()),
                    (resolved, window) ->
                        average
                            ? new Family.Average(resolved.source(), window)
                            : new Family.Quantile(resolved.source(), window, quantile)));
    return new PlannedSignal(name, kind, quantile, planned.sourcing());
  }

  /** A preset source becomes its family plus the histogram's freshness; a template is filled. */
  private Sourcing source(
      PolicyTarget policy,
      MetricSource source,
      Duration window,
      BiFunction<Presets.Resolved, Duration, Family> family) {
    if (source == null) {
      return new Invalid(SignalError.INVALID_SPEC, "no metric is given");
    }
    String namespace = policy.id().namespace();
    String target = policy.targetName();
    if (source.preset() == null) {
      return template(source.query(), templateValues(policy, window));
    }
    Presets.Resolved resolved = Presets.resolve(source, namespace, target, policy.podNaming());
    // An EnumMap, so that the queries come out in one order on every run.
    var parts = new EnumMap<Role, Family>(Role.class);
    parts.put(Role.VALUE, family.apply(resolved, window));
    parts.put(Role.FRESHNESS, new Family.HistogramFreshness(resolved.source()));
    return new Families(parts, resolved.key());
  }

  /** What a template's placeholders stand for in {@code policy}, {@code {{pod}}} by its naming. */
  static TemplateValues templateValues(PolicyTarget policy, Duration window) {
    String target = policy.targetName();
    return new TemplateValues(
        policy.id().namespace(), target, policy.podNaming().pods(target), window);
  }

  static Sourcing template(String text, TemplateValues values) {
    if (text == null) {
      return new Invalid(SignalError.INVALID_SPEC, "set a preset or a query");
    }
    QueryTemplate.Filled filled = QueryTemplate.parse(text).fill(values);
    if (filled.query().isEmpty()) {
      return new Invalid(
          SignalError.BAD_QUERY, "the query template: " + String.join("; ", filled.problems()));
    }
    return new Template(filled.query().get());
  }

  /** The budget's own source, or the first latency budget's when it has none. */
  private static MetricSource inherited(MetricSource own, MetricSource first, String budget) {
    if (own != null) {
      return own;
    }
    if (first == null) {
      throw new IllegalArgumentException(
          budget + ".metric is required when there is no latency budget to take it from");
    }
    if (first.preset() == null) {
      throw new IllegalArgumentException(
          budget
              + ".metric is required: the first latency budget's metric is a custom query, which"
              + " returns a latency");
    }
    return first;
  }

  /** A budget's window, checked to be a PromQL duration here rather than when rendered. */
  private static Duration window(String text) {
    return PromDuration.of(GoDuration.parse(text == null ? DEFAULT_WINDOW : text)).duration();
  }

  private static PlannedSignal safely(String name, SignalKind kind, Supplier<Sourcing> sourcing) {
    try {
      return new PlannedSignal(name, kind, Double.NaN, sourcing.get());
    } catch (RuntimeException e) {
      return new PlannedSignal(
          name,
          kind,
          Double.NaN,
          new Invalid(SignalError.INVALID_SPEC, String.valueOf(e.getMessage())));
    }
  }

  private static PlannedSignal invalid(String name, SignalKind kind, String message) {
    return new PlannedSignal(
        name, kind, Double.NaN, new Invalid(SignalError.INVALID_SPEC, message));
  }
}
