package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PerformancePolicyStatus;
import dev.headroom.api.v1alpha1.PolicyCondition;
import dev.headroom.api.v1alpha1.Severity;
import dev.headroom.api.v1alpha1.Violation;
import dev.headroom.engine.ContainerResources;
import dev.headroom.engine.Decision;
import dev.headroom.engine.DecisionFlag;
import dev.headroom.engine.EngineState;
import dev.headroom.testing.fixtures.Readings;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DecisionStepTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final ContainerResources ONE_CORE =
      new ContainerResources(1000, 1000, 512L << 20, 1L << 30);
  private static final TargetSnapshot CHECKOUT_4 =
      new TargetSnapshot("Deployment", "shop", "checkout", 4, 4, Map.of("app", ONE_CORE), Map.of());

  private static PerformancePolicy policy(String mode) {
    return policy(mode, null);
  }

  /** The policy as the API server stores it, created at {@code created}. */
  private static PerformancePolicy policy(String mode, Instant created) {
    return new KubernetesSerialization()
        .unmarshal(
            """
            apiVersion: headroom.dev/v1alpha1
            kind: PerformancePolicy
            metadata: {name: checkout, namespace: shop, generation: 3, creationTimestamp: %s}
            spec:
              targetRef: {name: checkout}
              mode: %s
              evaluationInterval: 15s
              budgets:
                latency:
                  - name: p95
                    percentile: 0.95
                    target: 200ms
                    window: 1m
                    metric: {preset: Micrometer}
              scaling: {minReplicas: 2, maxReplicas: 20}
            """
                .formatted(created == null ? "null" : "'" + created + "'", mode),
            PerformancePolicy.class);
  }

  /** 40 rps on 4 one-core pods at 50 % CPU, with p95 at the given latency. */
  private static MetricsReading reading(Instant at, double p95Seconds) {
    return reading(at, p95Seconds, 0.5);
  }

  private static MetricsReading reading(Instant at, double p95Seconds, double cpuPerPod) {
    return Readings.latency(at, 40, p95Seconds, cpuPerPod);
  }

  private static PolicyEvaluation.Outcome evaluate(
      PerformancePolicy policy, MetricsReading reading, Optional<String> conflict, Instant now) {
    var outcome =
        PolicyEvaluation.evaluate(
            policy, Optional.of(CHECKOUT_4), Optional.of(reading), conflict, now);
    policy.setStatus(outcome.status());
    return outcome;
  }

  private static PolicyEvaluation.Outcome evaluate(
      PerformancePolicy policy, TargetSnapshot target, MetricsReading reading, Instant now) {
    var outcome =
        PolicyEvaluation.evaluate(
            policy, Optional.of(target), Optional.of(reading), Optional.empty(), now);
    policy.setStatus(outcome.status());
    return outcome;
  }

  @Test
  void aViolatedBudgetInEnforceModeScalesUpAndSaysSo() {
    var policy = policy("Enforce");
    var outcome = evaluate(policy, reading(T0, 0.9), Optional.empty(), T0);

    assertThat(outcome.actuation()).isPresent();
    assertThat(outcome.actuation().get().replicas())
        .hasValueSatisfying(r -> assertThat(r).isGreaterThan(4));
    var status = outcome.status();
    assertThat(status.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.budget()).isEqualTo("latency/p95");
              assertThat(v.observed()).isEqualTo("900ms");
              assertThat(v.threshold()).isEqualTo("200ms");
            });
    assertThat(status.lastDecision().applied()).isTrue();
    assertThat(status.history())
        .singleElement()
        .satisfies(a -> assertThat(a.action()).isEqualTo("ScaleUp"));
    assertThat(condition(status, "BudgetsMet").status()).isEqualTo("False");
    assertThat(condition(status, "MetricsAvailable").status()).isEqualTo("True");
    assertThat(condition(status, "Conflict").status()).isEqualTo("False");
    assertThat(outcome.events())
        .extracting(PolicyEvent::reason)
        .contains("BudgetViolated", "ScaleUp");
    assertThat(EngineStateCodec.decode(status.engineState())).isPresent();
  }

  @Test
  void anEngineStateThatDoesNotReadIsReportedOnceAndReplaced() {
    var policy = policy("Enforce");
    var first = evaluate(policy, reading(T0, 0.15), Optional.empty(), T0);
    assertThat(first.events()).extracting(PolicyEvent::reason).doesNotContain("EngineStateReset");
    var s = first.status();
    var unreadable = new ObjectMapper().createObjectNode();
    unreadable.put("version", 0).put("state", "from another version");
    policy.setStatus(
        new PerformancePolicyStatus(
            s.observedGeneration(),
            s.conditions(),
            s.lastEvaluationTime(),
            s.replicas(),
            s.keyBudget(),
            s.budgets(),
            s.violations(),
            s.lastDecision(),
            s.history(),
            unreadable));

    var next =
        evaluate(policy, reading(T0.plusSeconds(15), 0.15), Optional.empty(), T0.plusSeconds(15));
    assertThat(next.events())
        .filteredOn(e -> e.reason().equals("EngineStateReset"))
        .singleElement()
        .satisfies(e -> assertThat(e.type()).isEqualTo(PolicyEvent.Type.Warning));
    assertThat(EngineStateCodec.decode(next.status().engineState())).isPresent();
    var after =
        evaluate(policy, reading(T0.plusSeconds(30), 0.15), Optional.empty(), T0.plusSeconds(30));
    assertThat(after.events()).extracting(PolicyEvent::reason).doesNotContain("EngineStateReset");
  }

  @Test
  void recommendModeReportsTheSameDecisionOnceAndChangesNothing() {
    var enforced = evaluate(policy("Enforce"), reading(T0, 0.9), Optional.empty(), T0);
    var policy = policy("Recommend");
    var first = evaluate(policy, reading(T0, 0.9), Optional.empty(), T0);

    assertThat(first.actuation()).isEmpty();
    assertThat(first.status().lastDecision().replicas())
        .isEqualTo(enforced.status().lastDecision().replicas());
    assertThat(first.status().lastDecision().applied()).isFalse();
    assertThat(first.status().history()).isEmpty();
    assertThat(first.events()).extracting(PolicyEvent::reason).contains("RecommendScaleUp");

    var again =
        evaluate(policy, reading(T0.plusSeconds(15), 0.9), Optional.empty(), T0.plusSeconds(15));
    assertThat(again.events())
        .extracting(PolicyEvent::reason)
        .doesNotContain("RecommendScaleUp", "BudgetViolated");
  }

  @Test
  void aBudgetReplicasCannotFixIsAScalingIneffectiveConditionWithOneWarning() {
    var ineffective =
        new Decision(
            4,
            Map.of(),
            List.of(),
            List.of(),
            Set.of(DecisionFlag.SCALING_INEFFECTIVE),
            EngineState.initial());
    var violations =
        List.of(new Violation("latency/p95", "450ms", "200ms", Severity.Warning, T0.toString()));
    var events = new ArrayList<PolicyEvent>();

    var first = DecisionStep.scalingCondition(List.of(), ineffective, violations, events, 3, T0);
    var again =
        DecisionStep.scalingCondition(
            first, ineffective, violations, events, 3, T0.plusSeconds(15));

    assertThat(again)
        .filteredOn(c -> c.type().equals("ScalingEffective"))
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.status()).isEqualTo("False");
              assertThat(c.reason()).isEqualTo("ScalingIneffective");
              assertThat(c.message()).contains("latency/p95").contains("still reported");
            });
    assertThat(events)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(PolicyEvent.Type.Warning);
              assertThat(e.reason()).isEqualTo("ScalingIneffective");
            });

    var effective =
        DecisionStep.scalingCondition(
            again,
            new Decision(4, Map.of(), List.of(), List.of(), Set.of(), EngineState.initial()),
            List.of(),
            events,
            3,
            T0.plusSeconds(30));
    assertThat(effective)
        .filteredOn(c -> c.type().equals("ScalingEffective"))
        .singleElement()
        .satisfies(c -> assertThat(c.status()).isEqualTo("True"));
    assertThat(
            condition(
                    evaluate(policy("Enforce"), reading(T0, 0.1), Optional.empty(), T0).status(),
                    "ScalingEffective")
                .status())
        .isEqualTo("True");
  }

  @Test
  void anotherOwnerMeansNoChangeAndAConflictCondition() {
    var outcome =
        evaluate(
            policy("Enforce"),
            reading(T0, 0.9),
            Optional.of("HorizontalPodAutoscaler shop/checkout"),
            T0);
    assertThat(outcome.actuation()).isEmpty();
    assertThat(condition(outcome.status(), "Conflict"))
        .extracting(PolicyCondition::status, PolicyCondition::message)
        .containsExactly(
            "True",
            "HorizontalPodAutoscaler shop/checkout also manages the target; Headroom only recommends");
    assertThat(outcome.events()).extracting(PolicyEvent::reason).contains("Conflict");
  }

  @Test
  void withoutMetricsNothingShrinksAndTheReasonIsReported() {
    var policy = policy("Enforce");
    var outcome =
        evaluate(
            policy,
            MetricsReading.unavailable(
                "PrometheusUnreachable", "connection refused: http://prometheus:9090"),
            Optional.empty(),
            T0);
    assertThat(outcome.actuation()).isEmpty();
    assertThat(condition(outcome.status(), "MetricsAvailable"))
        .extracting(PolicyCondition::status, PolicyCondition::reason)
        .containsExactly("False", "PrometheusUnreachable");
    assertThat(outcome.events())
        .extracting(PolicyEvent::reason)
        .containsExactly("PrometheusUnreachable");
    var again =
        evaluate(
            policy,
            MetricsReading.unavailable(
                "PrometheusUnreachable", "connection refused: http://prometheus:9090"),
            Optional.empty(),
            T0.plusSeconds(15));
    assertThat(again.events()).isEmpty();
  }

  /** What Prometheus answers while a service's series are not there yet. */
  private static MetricsReading noSeries() {
    return MetricsReading.unavailable(
        "NoData", "latency/p95: no series for the target (an empty answer, not zero)");
  }

  @Test
  void aNewPolicysMissingSeriesWaitOneWindowWithoutAWarningAndThenWarnOnce() {
    // Created at T0 with a 1m window: the series count as missing from T0 + 1m.
    var policy = policy("Enforce", T0);

    for (int s : new int[] {5, 30, 59}) {
      var waiting = evaluate(policy, noSeries(), Optional.empty(), T0.plusSeconds(s));
      assertThat(waiting.events()).as("at T0 + %d s", s).isEmpty();
      assertThat(condition(waiting.status(), "MetricsAvailable"))
          .satisfies(
              c -> {
                assertThat(c.status()).isEqualTo("Unknown");
                assertThat(c.reason()).isEqualTo("Waiting");
                assertThat(c.message())
                    .contains("no series for the target")
                    .contains("not yet counted as missing")
                    .contains("1m window")
                    .contains("2026-01-01T00:01:00Z")
                    .contains("never shrinks");
              });
      // Waiting changes nothing the engine does: without data it holds the 4 pods.
      assertThat(waiting.actuation()).isEmpty();
      assertThat(waiting.status().lastDecision().replicas()).isEqualTo(4);
    }

    var missing = evaluate(policy, noSeries(), Optional.empty(), T0.plusSeconds(60));
    assertThat(missing.events())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(PolicyEvent.Type.Warning);
              assertThat(e.reason()).isEqualTo("NoData");
              assertThat(e.message()).doesNotContain("not yet counted");
            });
    assertThat(condition(missing.status(), "MetricsAvailable"))
        .extracting(PolicyCondition::status, PolicyCondition::reason)
        .containsExactly("False", "NoData");

    for (int s : new int[] {75, 90, 3600}) {
      assertThat(evaluate(policy, noSeries(), Optional.empty(), T0.plusSeconds(s)).events())
          .as("at T0 + %d s", s)
          .isEmpty();
    }
  }

  @Test
  void theGraceCoversOnlyAnEmptyAnswerNotAPrometheusThatCannotBeRead() {
    var policy = policy("Enforce", T0);
    var unreachable =
        evaluate(
            policy,
            MetricsReading.unavailable("PrometheusUnreachable", "connection refused"),
            Optional.empty(),
            T0.plusSeconds(5));
    assertThat(condition(unreachable.status(), "MetricsAvailable"))
        .extracting(PolicyCondition::status, PolicyCondition::reason)
        .containsExactly("False", "PrometheusUnreachable");
    assertThat(unreachable.events())
        .extracting(PolicyEvent::type, PolicyEvent::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(PolicyEvent.Type.Warning, "PrometheusUnreachable"));
  }

  @Test
  void anOldPolicyWhoseSeriesDisappearIsWarnedAtOnceEvenAfterARestart() {
    Instant created = T0.minusSeconds(3600);
    var policy = policy("Enforce", created);
    evaluate(
        policy, reading(created.plusSeconds(60), 0.1), Optional.empty(), created.plusSeconds(60));

    // A new operator process reads the same stored policy: creation and TargetFound are old.
    var gone = evaluate(policy, noSeries(), Optional.empty(), T0);
    assertThat(gone.events()).extracting(PolicyEvent::reason).containsExactly("NoData");
    assertThat(condition(gone.status(), "MetricsAvailable").status()).isEqualTo("False");
  }

  @Test
  void aTargetCreatedAfterThePolicyStartsTheGraceWhenItIsCreated() {
    var policy = policy("Enforce", T0.minusSeconds(3600));
    // The Deployment is created at T0; its pods' series come a scrape or two later.
    var created =
        new TargetSnapshot(
            "Deployment",
            "shop",
            "checkout",
            4,
            0,
            Map.of("app", ONE_CORE),
            Map.of(),
            Optional.of(T0));
    var waiting = evaluate(policy, created, noSeries(), T0.plusSeconds(10));
    assertThat(waiting.events()).isEmpty();
    assertThat(condition(waiting.status(), "MetricsAvailable").reason()).isEqualTo("Waiting");
    var missing = evaluate(policy, created, noSeries(), T0.plusSeconds(60));
    assertThat(missing.events()).extracting(PolicyEvent::reason).containsExactly("NoData");
  }

  @Test
  void aGapInTheMetricsIsNeitherARecoveryNorANewViolation() {
    var policy = policy("Recommend", T0.minusSeconds(3600));
    var violated = evaluate(policy, reading(T0, 0.9), Optional.empty(), T0);
    assertThat(violated.events()).extracting(PolicyEvent::reason).contains("BudgetViolated");

    var gap = evaluate(policy, noSeries(), Optional.empty(), T0.plusSeconds(15));
    assertThat(gap.events()).extracting(PolicyEvent::reason).containsExactly("NoData");

    var back =
        evaluate(policy, reading(T0.plusSeconds(30), 0.9), Optional.empty(), T0.plusSeconds(30));
    assertThat(back.events())
        .extracting(PolicyEvent::reason)
        .doesNotContain("BudgetViolated", "BudgetRecovered");
    assertThat(back.status().violations()).singleElement();

    // With no budget's value, "met" would claim what nobody saw (the demo on real pods: the
    // overloaded pods' scrape timed out and BudgetsMet said True).
    assertThat(condition(gap.status(), "BudgetsMet"))
        .extracting(PolicyCondition::status, PolicyCondition::reason)
        .containsExactly("Unknown", "NoData");
    assertThat(condition(violated.status(), "BudgetsMet").status()).isEqualTo("False");

    var gapAgain = evaluate(policy, noSeries(), Optional.empty(), T0.plusSeconds(45));
    assertThat(gapAgain.events()).extracting(PolicyEvent::reason).containsExactly("NoData");
    var met =
        evaluate(policy, reading(T0.plusSeconds(60), 0.1), Optional.empty(), T0.plusSeconds(60));
    assertThat(met.events()).extracting(PolicyEvent::reason).contains("BudgetRecovered");
    assertThat(met.events()).extracting(PolicyEvent::reason).doesNotContain("BudgetViolated");
    assertThat(condition(met.status(), "BudgetsMet").status()).isEqualTo("True");
  }

  @Test
  void aViolationThatEndsIsAnnouncedOnce() {
    var policy = policy("Recommend");
    evaluate(policy, reading(T0, 0.9), Optional.empty(), T0);
    var met =
        evaluate(policy, reading(T0.plusSeconds(15), 0.1), Optional.empty(), T0.plusSeconds(15));
    assertThat(met.events()).extracting(PolicyEvent::reason).contains("BudgetRecovered");
    assertThat(met.status().violations()).isEmpty();
    assertThat(condition(met.status(), "BudgetsMet").status()).isEqualTo("True");
  }

  @Test
  void theStabilizationWindowLivesInStatusAndSurvivesARestart() {
    // 8 pods at a quarter busy, a load 4 can serve: the HPA's 300 s scale-down window first holds
    // the 8.
    var eight =
        new TargetSnapshot(
            "Deployment", "shop", "checkout", 8, 8, Map.of("app", ONE_CORE), Map.of());
    var policy = policy("Enforce");
    var first = quarterBusy(policy, eight, T0);
    policy.setStatus(first.status());
    assertThat(first.actuation()).isEmpty();
    assertThat(first.status().lastDecision().reason()).contains("ScaleDownStabilized");

    // A new operator process 305 s later reads the window from status: it has passed.
    Instant later = T0.plusSeconds(305);
    var resumed = quarterBusy(policy, eight, later);
    assertThat(resumed.actuation())
        .hasValueSatisfying(
            a -> assertThat(a.replicas()).hasValueSatisfying(r -> assertThat(r).isLessThan(8)));

    // Without the window in status it would start over and hold the 8 for another 300 s.
    var status = policy.getStatus();
    policy.setStatus(
        new PerformancePolicyStatus(
            status.observedGeneration(),
            status.conditions(),
            status.lastEvaluationTime(),
            status.replicas(),
            status.keyBudget(),
            status.budgets(),
            status.violations(),
            status.lastDecision(),
            status.history(),
            null));
    var forgetful = quarterBusy(policy, eight, later);
    assertThat(forgetful.actuation()).isEmpty();
  }

  private static PolicyEvaluation.Outcome quarterBusy(
      PerformancePolicy policy, TargetSnapshot target, Instant now) {
    return PolicyEvaluation.evaluate(
        policy, Optional.of(target), Optional.of(reading(now, 0.05, 0.25)), Optional.empty(), now);
  }

  private static PolicyCondition condition(
      dev.headroom.api.v1alpha1.PerformancePolicyStatus status, String type) {
    return status.conditions().stream()
        .filter(c -> c.type().equals(type))
        .findFirst()
        .orElseThrow();
  }
}
