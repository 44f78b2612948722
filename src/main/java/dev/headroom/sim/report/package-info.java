/**
 * Scores and reports for the simulator: turns {@link dev.headroom.sim.ScenarioRun}s into per
 * controller scores (budget-violation seconds on the model's true values, replica-, core- and
 * GiB-seconds, scaling actions, direction changes, recovery after load changes), the ratios that
 * Headroom's claims are stated in (against the HPA and the clairvoyant oracle), and renders them as
 * JSON, a terminal or Markdown comparison table and one self-contained offline HTML page with
 * Chart.js inlined; it also renders an evaluation against the baseline frontiers ({@code simulate
 * --generate} / {@code --sweep}) as such a page. Every output is deterministic: the same runs give
 * byte-identical text. It may import {@code dev.headroom.sim} and {@code dev.headroom.sim.evaluate}
 * only (the evaluation's results, for its page), plus the JDK and Jackson; it never runs a
 * simulation.
 */
package dev.headroom.sim.report;
