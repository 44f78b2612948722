/**
 * Control quality that cannot be tuned to: every scenario is run with Headroom, the oracle and a
 * sweep of baseline settings (the HPA at CPU targets 30–90 %, KEDA's latency trigger and its
 * request-rate trigger at a range of thresholds); each family's Pareto frontier of (violation
 * seconds, replica-seconds) is computed and Headroom is judged dominated or not against it. Runs
 * use the cores; timelines are scored as each run ends and dropped, so a set of hundreds of
 * scenarios fits in memory. May import {@code sim}, {@code sim.run}, {@code sim.scenario}, {@code
 * sim.controllers}, {@code sim.oracle} and {@code sim.model}.
 */
package dev.headroom.sim.evaluate;
