package dev.headroom.signals;

import dev.headroom.api.v1alpha1.Budgets;
import dev.headroom.api.v1alpha1.GoDuration;
import dev.headroom.api.v1alpha1.LatencyBudget;
import dev.headroom.api.v1alpha1.MetricSource;
import dev.headroom.signals.PlannedSignal.Invalid;
import dev.headroom.signals.PlannedSignal.Sourcing;
import dev.headroom.signals.PlannedSignal.Template;
import dev.headroom.signals.TemplateValidation.Verdict;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The signals layer's entry point for the reconciler: {@link #readCycle} reads every policy's
 * signals for one evaluation cycle, batching policies that share an endpoint and a metric into
 * grouped queries; {@link #validateTemplate} judges a custom query before use. Neither throws: a
 * policy's problems, and Prometheus', end up in that policy's {@link MetricsStatus}.
 *
 * <p>One reader per operator: it holds the HTTP clients, the circuit breakers (per endpoint) and a
 * few threads per endpoint ({@link QueryThreads}); {@link #close()} stops them.
 */
public final class SignalReader implements AutoCloseable {
  private final SignalSettings settings;
  private final SignalMetrics metrics;
  private final PrometheusClient client;
  private final SignalPlanner planner;
  private final QueryThreads threads;

  /** A reader with real sleeps, the system clock and jitter from a random seed. */
  public SignalReader(SignalSettings settings, PrometheusRegistry registry) {
    this(
        settings,
        registry,
        new SplittableRandom(new SecureRandom().nextLong()),
        Sleeper.REAL,
        InstantSource.system());
  }

  /**
   * @param jitter the random source of the backoff's jitter (seed it for reproducible waits)
   * @param sleeper how to wait between attempts
   * @param clock the circuit breakers' clock
   */
  public SignalReader(
      SignalSettings settings,
      PrometheusRegistry registry,
      RandomGenerator jitter,
      Sleeper sleeper,
      InstantSource clock) {
    this.settings = settings;
    this.metrics = new SignalMetrics(registry);
    this.client = new PrometheusClient(settings, jitter, sleeper, clock, metrics);
    this.planner = new SignalPlanner(settings);
    this.threads = new QueryThreads(settings.parallelism());
  }

  /**
   * Reads every policy's signals as of {@code now}: one entry per distinct policy id (the first
   * wins), whatever happens to the others.
   */
  public CycleResult readCycle(List<PolicyTarget> policies, Instant now) {
    long started = System.nanoTime();
    Map<PolicyId, PolicyTarget> unique = new LinkedHashMap<>();
    policies.forEach(p -> unique.putIfAbsent(p.id(), p));
    Map<PolicyId, List<PlannedSignal>> plans = new LinkedHashMap<>();
    CyclePlan plan = new CyclePlan(settings);
    for (PolicyTarget policy : unique.values()) {
      List<PlannedSignal> planned;
      try {
        planned = planner.plan(policy);
      } catch (RuntimeException e) {
        planned =
            List.of(
                new PlannedSignal(
                    "spec",
                    SignalKind.REQUEST_RATE,
                    Double.NaN,
                    new Invalid(SignalError.INVALID_SPEC, String.valueOf(e.getMessage()))));
      }
      plans.put(policy.id(), planned);
      SignalAssembler.demand(plan, policy, planned);
    }
    QueryRunner runner = new QueryRunner(client, threads, metrics);
    plan.record(runner.run(plan.firstRound(), now));
    // Refused grouped queries asked again per target or in halves; ends as the parts shrink.
    for (List<QueryTask> next = plan.nextRound(); !next.isEmpty(); next = plan.nextRound()) {
      plan.record(runner.run(next, now));
    }
    SignalAssembler assembler = new SignalAssembler(plan, now, settings.staleAfter());
    Map<PolicyId, PolicySignals> results = new LinkedHashMap<>();
    unique.forEach(
        (id, policy) -> results.put(id, assembleSafely(assembler, policy, plans.get(id))));
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    metrics.cycle(unique.size(), runner.issued(), elapsed);
    return new CycleResult(results, runner.issued(), elapsed);
  }

  private static PolicySignals assembleSafely(
      SignalAssembler assembler, PolicyTarget policy, List<PlannedSignal> planned) {
    try {
      return assembler.assemble(policy, planned);
    } catch (RuntimeException e) {
      SignalStatus status =
          new SignalStatus(
              "spec",
              SignalKind.REQUEST_RATE,
              Optional.of(SignalError.INVALID_SPEC),
              "cannot read this policy's signals: " + e.getMessage(),
              Optional.empty());
      return new PolicySignals(
          dev.headroom.engine.Signals.none(),
          MetricsStatus.of(List.of(status), policy.endpoint().url().toString()));
    }
  }

  /**
   * Judges one custom template for {@code policy}: its placeholders locally, then Prometheus
   * evaluates it once at {@code now}. A query Prometheus refuses is {@link Verdict#INVALID} with
   * Prometheus' message; when Prometheus can not be asked the verdict is {@link Verdict#UNKNOWN}.
   *
   * @param field where the template is in the spec, for the message
   * @param window the budget's window, for {@code {{window}}}
   */
  public TemplateValidation validateTemplate(
      PolicyTarget policy, String field, String template, Duration window, Instant now) {
    Sourcing sourcing;
    try {
      sourcing = SignalPlanner.template(template, SignalPlanner.templateValues(policy, window));
    } catch (RuntimeException e) {
      sourcing = new Invalid(SignalError.INVALID_SPEC, String.valueOf(e.getMessage()));
    }
    if (sourcing instanceof Invalid invalid) {
      return new TemplateValidation(
          field,
          Verdict.INVALID,
          Optional.of(invalid.error()),
          invalid.message(),
          Optional.empty());
    }
    String query = ((Template) sourcing).query();
    PrometheusClient.Answer answer = client.query(policy.endpoint(), query, now);
    metrics.query(answer.outcome());
    if (answer.outcome() instanceof QueryOutcome.Failure f) {
      Verdict verdict =
          f.error() == SignalError.BAD_QUERY || f.error() == SignalError.INVALID_SPEC
              ? Verdict.INVALID
              : Verdict.UNKNOWN;
      return new TemplateValidation(
          field, verdict, Optional.of(f.error()), f.message(), Optional.of(query));
    }
    int series = ((QueryOutcome.Success) answer.outcome()).series().size();
    if (series > 1) {
      return new TemplateValidation(
          field,
          Verdict.INVALID,
          Optional.of(SignalError.BAD_QUERY),
          "the query returns " + series + " series; it must return one (aggregate with sum or max)",
          Optional.of(query));
    }
    return new TemplateValidation(
        field,
        Verdict.VALID,
        Optional.empty(),
        series == 0
            ? "Prometheus accepts the query; it returns no series yet (the budget reads NoData"
                + " until it does)"
            : "Prometheus accepts the query; it returns one series",
        Optional.of(query));
  }

  /** Every custom template in the policy's budgets, judged as {@link #validateTemplate} does. */
  public List<TemplateValidation> validateTemplates(PolicyTarget policy, Instant now) {
    List<TemplateValidation> results = new ArrayList<>();
    Budgets budgets = policy.spec().budgets();
    if (budgets == null) {
      return results;
    }
    List<LatencyBudget> latency = budgets.latency() == null ? List.of() : budgets.latency();
    for (int i = 0; i < latency.size(); i++) {
      check(
          policy,
          "spec.budgets.latency[" + i + "].metric.query",
          latency.get(i).metric(),
          latency.get(i).window(),
          now,
          results);
    }
    if (budgets.errorRate() != null) {
      check(
          policy,
          "spec.budgets.errorRate.metric.query",
          budgets.errorRate().metric(),
          budgets.errorRate().window(),
          now,
          results);
    }
    if (budgets.throughput() != null) {
      check(
          policy,
          "spec.budgets.throughput.metric.query",
          budgets.throughput().metric(),
          budgets.throughput().window(),
          now,
          results);
    }
    return results;
  }

  private void check(
      PolicyTarget policy,
      String field,
      MetricSource source,
      String window,
      Instant now,
      List<TemplateValidation> out) {
    if (source == null || source.query() == null) {
      return;
    }
    Duration parsed;
    try {
      parsed = GoDuration.parse(window == null ? SignalPlanner.DEFAULT_WINDOW : window);
    } catch (RuntimeException e) {
      out.add(
          new TemplateValidation(
              field,
              Verdict.INVALID,
              Optional.of(SignalError.INVALID_SPEC),
              String.valueOf(e.getMessage()),
              Optional.empty()));
      return;
    }
    out.add(validateTemplate(policy, field, source.query(), parsed, now));
  }

  /** The signals layer's own metrics. */
  public SignalMetrics metrics() {
    return metrics;
  }

  @Override
  public void close() {
    threads.close();
  }
}
