package dev.headroom.sim.scenario;

import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import dev.headroom.sim.WorkloadKind;
import dev.headroom.sim.observe.ObservationSettings;
import java.util.Optional;

/**
 * One simulation scenario, as read from its YAML file. Only the oracle may look at {@link #load()}
 * and {@link #service()}: the other controllers get what a real one could observe.
 *
 * @param name short name used in reports
 * @param description one line on what it tests
 * @param durationSeconds how long it runs, in simulated seconds
 * @param seed the seed of every random draw (arrivals, start-up times)
 * @param load the offered load
 * @param service the simulated service and its starting resources
 * @param workload what runs the pods: a Deployment, or a StatefulSet and its pod management policy
 * @param observation how Prometheus and metrics-server see it
 * @param initialReplicas the workload's replicas at second 0 (all Ready)
 * @param policy the PerformancePolicy's spec: budgets, replica bounds, behaviour
 * @param policySource where the policy was read from
 * @param hpa knobs for the HPA
 * @param keda knobs for KEDA; empty when the scenario sets none and the policy has no budget to
 *     derive a trigger from (KEDA is then not run)
 * @param source where the scenario was read from
 */
public record Scenario(
    String name,
    String description,
    int durationSeconds,
    long seed,
    LoadSpec load,
    ServiceSpec service,
    WorkloadKind workload,
    ObservationSettings observation,
    int initialReplicas,
    PerformancePolicySpec policy,
    String policySource,
    HpaSettings hpa,
    Optional<KedaSettings> keda,
    String source) {}
