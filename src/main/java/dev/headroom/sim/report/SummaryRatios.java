package dev.headroom.sim.report;

/**
 * The claim ratios over a set of scenarios, each a sum over sum (so long scenarios weigh more than
 * short ones, as seconds do), over the scenarios where both controllers ran.
 *
 * @param latencyViolationVsHpa Headroom's latency-violation seconds over the HPA's
 * @param replicaSecondsVsHpa Headroom's replica-seconds over the HPA's
 * @param replicaSecondsVsOracle Headroom's replica-seconds over the oracle's, every scenario
 * @param replicaSecondsVsOracleWhereOracleMeetsBudgets the same, only over scenarios where the
 *     oracle violated no budget
 * @param scenariosWhereOracleMeetsBudgets how many scenarios that is
 */
public record SummaryRatios(
    Ratio latencyViolationVsHpa,
    Ratio replicaSecondsVsHpa,
    Ratio replicaSecondsVsOracle,
    Ratio replicaSecondsVsOracleWhereOracleMeetsBudgets,
    int scenariosWhereOracleMeetsBudgets) {}
