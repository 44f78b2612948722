package dev.headroom.bench;

import dev.headroom.engine.Budget;
import dev.headroom.engine.BudgetKind;
import dev.headroom.engine.ContainerResources;
import dev.headroom.engine.ContainerUsage;
import dev.headroom.engine.Decision;
import dev.headroom.engine.Engine;
import dev.headroom.engine.EngineInput;
import dev.headroom.engine.EnginePolicy;
import dev.headroom.engine.EngineState;
import dev.headroom.engine.Prices;
import dev.headroom.engine.ResourceMode;
import dev.headroom.engine.ResourceRules;
import dev.headroom.engine.Sample;
import dev.headroom.engine.Signals;
import dev.headroom.engine.WorkloadState;
import dev.headroom.engine.behavior.Behavior;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of one engine decision for a policy with three latency budgets, a CPU budget and
 * rightsizing, with a warm state (learned capacity, behavior history). Run with {@code
 * scripts/bench-engine.sh}; the result goes into docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EngineBenchmark {
  private final Engine engine = new Engine();
  private EngineInput input;

  @Setup
  public void setUp() {
    var policy =
        new EnginePolicy(
            List.of(
                new Budget("latency/p50", BudgetKind.LATENCY_QUANTILE, 0.5, 0.05, 0.2, Double.NaN),
                new Budget("latency/p95", BudgetKind.LATENCY_QUANTILE, 0.95, 0.2, 0.5, Double.NaN),
                new Budget("latency/p99", BudgetKind.LATENCY_QUANTILE, 0.99, 0.5, 1.0, Double.NaN),
                Budget.of("cpu/utilization", BudgetKind.CPU_UTILIZATION, 0.6)),
            2,
            100,
            Behavior.hpaDefaults(),
            0,
            new ResourceRules(
                ResourceMode.REQUESTS_AND_LIMITS, 0.1, Duration.ofMinutes(15), Map.of()),
            Prices.DEFAULT,
            Duration.ofMinutes(1));
    var workload =
        new WorkloadState(
            10,
            10,
            Map.of("app", new ContainerResources(1000, 2000, 1L << 30, 2L << 30)),
            Map.of());
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    EngineState state = EngineState.initial();
    for (int i = 0; i < 40; i++) {
      Instant now = t.plusSeconds(30L * i);
      Decision d =
          engine.decide(new EngineInput(policy, signals(now, 400 + i), workload, state, now));
      state = d.next();
    }
    Instant now = t.plusSeconds(30L * 40);
    input = new EngineInput(policy, signals(now, 450), workload, state, now);
  }

  private static Signals signals(Instant at, double rps) {
    return new Signals(
        Optional.of(new Sample(rps, at)),
        Map.of(
            0.5, new Sample(0.03, at),
            0.95, new Sample(0.15, at),
            0.99, new Sample(0.4, at)),
        Optional.empty(),
        Optional.of(new Sample(0.001, at)),
        Optional.of(new Sample(rps * 0.02 / 10, at)),
        Optional.of(new Sample(700e6, at)),
        Map.of("app", new ContainerUsage(0.9, 800_000_000L, 0.01, at)));
  }

  @Benchmark
  public Decision decide() {
    return engine.decide(input);
  }
}
