package dev.headroom.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/** Reads each budget's observed value from the signals and judges it. */
final class BudgetEvaluator {
  private BudgetEvaluator() {}

  record Result(List<BudgetEvaluation> evaluations, Map<String, Instant> violatedSince) {}

  static Result evaluate(EngineInput input, EngineConfig config) {
    List<BudgetEvaluation> evaluations = new ArrayList<>();
    Map<String, Instant> since = new HashMap<>();
    for (Budget budget : input.policy().budgets()) {
      OptionalDouble observed = observe(budget, input, config.staleAfter());
      if (budget.kind() == BudgetKind.THROUGHPUT_MIN) {
        // A floor is judged by what the service can sustain, not by what users happen to send.
        observed = ThroughputFloor.sustainedRps(budget, input, config, observed);
      }
      if (observed.isEmpty()) {
        // Without data a violation neither starts nor ends: keep its start for when data returns.
        Instant previous = input.state().violatedSince().get(budget.name());
        if (previous != null) {
          since.put(budget.name(), previous);
        }
        evaluations.add(
            new BudgetEvaluation(
                budget, observed, Severity.NO_DATA, Optional.empty(), Duration.ZERO));
        continue;
      }
      Severity severity = budget.severityOf(observed.getAsDouble());
      if (severity.violated()) {
        Instant start = input.state().violatedSince().getOrDefault(budget.name(), input.now());
        since.put(budget.name(), start);
        evaluations.add(
            new BudgetEvaluation(
                budget,
                observed,
                severity,
                Optional.of(start),
                Duration.between(start, input.now())));
      } else {
        evaluations.add(
            new BudgetEvaluation(budget, observed, severity, Optional.empty(), Duration.ZERO));
      }
    }
    return new Result(evaluations, since);
  }

  /** The budget's fresh observed value in its unit, or empty. */
  static OptionalDouble observe(Budget budget, EngineInput input, Duration staleAfter) {
    Signals signals = input.signals();
    WorkloadState workload = input.workload();
    Optional<Sample> sample =
        switch (budget.kind()) {
          case LATENCY_QUANTILE ->
              Optional.ofNullable(signals.latencyQuantileSeconds().get(budget.quantile()));
          case LATENCY_AVERAGE -> signals.latencyAverageSeconds();
          case ERROR_RATIO -> signals.errorRatio();
          case THROUGHPUT_MIN -> signals.requestRate();
          case THROUGHPUT_PER_REPLICA ->
              workload.readyReplicas() < 1
                  ? Optional.empty()
                  : signals
                      .requestRate()
                      .map(s -> new Sample(s.value() / workload.readyReplicas(), s.at()));
          case CPU_UTILIZATION ->
              workload.cpuRequestMillisPerPod() <= 0
                  ? Optional.empty()
                  : signals
                      .cpuCoresPerPod()
                      .map(
                          s ->
                              new Sample(
                                  s.value() * 1000 / workload.cpuRequestMillisPerPod(), s.at()));
          case CPU_CORES -> signals.cpuCoresPerPod();
          case MEMORY_UTILIZATION ->
              workload.memoryRequestBytesPerPod() <= 0
                  ? Optional.empty()
                  : signals
                      .memoryBytesPerPod()
                      .map(
                          s -> new Sample(s.value() / workload.memoryRequestBytesPerPod(), s.at()));
          case MEMORY_PEAK -> signals.memoryBytesPerPod();
        };
    return sample
        .filter(s -> s.freshAt(input.now(), staleAfter))
        .map(s -> OptionalDouble.of(s.value()))
        .orElse(OptionalDouble.empty());
  }
}
