package dev.headroom.sim.report;

import java.util.List;

/**
 * One chart of one controller's run: what the page's script draws into one canvas.
 *
 * @param canvasId the canvas element's id
 * @param title shown above the chart
 * @param yTitle the y axis' title (its unit)
 * @param durationSeconds the x axis' extent
 * @param datasets the lines and points
 */
record ChartSpec(
    String canvasId, String title, String yTitle, int durationSeconds, List<Dataset> datasets) {

  enum Style {
    LINE,
    DASHED,
    EVENTS
  }

  /**
   * One line or set of points.
   *
   * @param label legend text
   * @param color CSS colour
   * @param style how it is drawn
   * @param points in time order
   */
  record Dataset(String label, String color, Style style, List<ChartPoint> points) {}

  /**
   * One point; NaN value = a gap.
   *
   * @param note shown in the tooltip; empty for none
   */
  record ChartPoint(int second, double value, String note) {}
}
