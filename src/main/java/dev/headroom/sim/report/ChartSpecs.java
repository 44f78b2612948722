package dev.headroom.sim.report;

import dev.headroom.sim.BudgetInfo;
import dev.headroom.sim.ControllerRun;
import dev.headroom.sim.ScalingEvent;
import dev.headroom.sim.Timeline;
import java.util.ArrayList;
import java.util.List;

/**
 * The charts of one controller's run: load, replicas with its scaling events, and each latency
 * budget's true value against its target (and critical threshold).
 */
final class ChartSpecs {
  private static final String LOAD_COLOR = "#1f77b4";
  private static final String SPEC_COLOR = "#ff7f0e";
  private static final String READY_COLOR = "#2ca02c";
  private static final String EVENT_COLOR = "#d62728";
  private static final String LATENCY_COLOR = "#9467bd";
  private static final String TARGET_COLOR = "#555555";
  private static final String CRITICAL_COLOR = "#d62728";

  private ChartSpecs() {}

  /** Canvas ids are built from positions, never from names, so no name needs escaping in an id. */
  static List<ChartSpec> forRun(
      String idPrefix, List<BudgetInfo> budgets, ControllerRun run, int maxPoints) {
    Timeline timeline = run.timeline();
    int seconds = timeline.seconds();
    List<ChartSpec> charts = new ArrayList<>();
    charts.add(
        new ChartSpec(
            idPrefix + "-load",
            "load",
            "rps",
            seconds,
            List.of(
                series(
                    "load (rps)", LOAD_COLOR, Downsampler.minMax(timeline.loadRps(), maxPoints)))));
    charts.add(
        new ChartSpec(
            idPrefix + "-replicas",
            "replicas",
            "replicas",
            seconds,
            List.of(
                series("spec", SPEC_COLOR, Downsampler.minMax(timeline.specReplicas(), maxPoints)),
                series(
                    "ready", READY_COLOR, Downsampler.minMax(timeline.readyReplicas(), maxPoints)),
                events(run.events(), maxPoints))));
    int latencyIndex = 0;
    for (BudgetInfo budget : budgets) {
      if (BudgetViolations.isLatency(budget)) {
        charts.add(latencyChart(idPrefix + "-latency-" + latencyIndex++, budget, run, maxPoints));
      }
    }
    return charts;
  }

  private static ChartSpec latencyChart(
      String canvasId, BudgetInfo budget, ControllerRun run, int maxPoints) {
    int seconds = run.timeline().seconds();
    double[] values = run.timeline().budgetValues().get(budget.name());
    List<ChartSpec.Dataset> datasets = new ArrayList<>();
    datasets.add(series(budget.name(), LATENCY_COLOR, Downsampler.minMax(values, maxPoints)));
    datasets.add(level("target", TARGET_COLOR, budget.target(), seconds));
    if (!Double.isNaN(budget.critical())) {
      datasets.add(level("critical", CRITICAL_COLOR, budget.critical(), seconds));
    }
    return new ChartSpec(
        canvasId, budget.name() + " vs target", budget.unit(), seconds, List.copyOf(datasets));
  }

  private static ChartSpec.Dataset series(
      String label, String color, List<Downsampler.Point> points) {
    return new ChartSpec.Dataset(
        label,
        color,
        ChartSpec.Style.LINE,
        points.stream()
            .map(point -> new ChartSpec.ChartPoint(point.second(), point.value(), ""))
            .toList());
  }

  private static ChartSpec.Dataset level(String label, String color, double value, int seconds) {
    return new ChartSpec.Dataset(
        label,
        color,
        ChartSpec.Style.DASHED,
        List.of(
            new ChartSpec.ChartPoint(0, value, ""),
            new ChartSpec.ChartPoint(Math.max(seconds - 1, 0), value, "")));
  }

  /** Scaling events at their new replica count; thinned evenly if a controller flaps wildly. */
  private static ChartSpec.Dataset events(List<ScalingEvent> events, int maxPoints) {
    List<ScalingEvent> inOrder =
        events.stream().sorted((a, b) -> Integer.compare(a.second(), b.second())).toList();
    int stride = Math.max(1, (inOrder.size() + maxPoints - 1) / maxPoints);
    List<ChartSpec.ChartPoint> points = new ArrayList<>();
    for (int index = 0; index < inOrder.size(); index += stride) {
      ScalingEvent event = inOrder.get(index);
      points.add(new ChartSpec.ChartPoint(event.second(), event.toReplicas(), describe(event)));
    }
    String label = stride > 1 ? "scaling events (1 in " + stride + ")" : "scaling events";
    return new ChartSpec.Dataset(label, EVENT_COLOR, ChartSpec.Style.EVENTS, points);
  }

  private static String describe(ScalingEvent event) {
    StringBuilder text = new StringBuilder();
    text.append(event.fromReplicas()).append(" -> ").append(event.toReplicas());
    if (event.resourcesChanged()) {
      text.append(", resources changed");
    }
    if (event.note() != null && !event.note().isBlank()) {
      text.append(": ").append(event.note());
    }
    return text.toString();
  }
}
