package dev.headroom.sim.report;

/**
 * The comparisons Headroom's claims are stated in, for one scenario.
 *
 * @param latencyViolationVsHpa Headroom's latency-violation seconds over the HPA's
 * @param replicaSecondsVsHpa Headroom's replica-seconds over the HPA's
 * @param replicaSecondsVsOracle Headroom's replica-seconds over the oracle's
 * @param oracleMeetsBudgets whether the oracle ran and violated no budget at any second: only then
 *     is its replica-seconds a floor to measure cost against
 */
public record ScenarioRatios(
    Ratio latencyViolationVsHpa,
    Ratio replicaSecondsVsHpa,
    Ratio replicaSecondsVsOracle,
    boolean oracleMeetsBudgets) {}
