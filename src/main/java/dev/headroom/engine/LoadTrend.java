package dev.headroom.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The request rate as the engine should plan for it. Prometheus answers {@code rate()} over a
 * window W, and the windowed average a(t) moves by (r(t) − r(t − W)) / W: so the rate now is about
 * a(t − W) + W × Δa / Δt, with a(t − W) standing in for r(t − W). Right after a step that recovers
 * the whole step one decision after it, where the windowed rate shows only a quarter of it (W = 1
 * min, 15 s apart), instead of a whole window later. On a ramp a(t − W) lags r(t − W), and the
 * slope the windowed rate had over the window before corrects it (see {@link #base}). It only ever
 * raises the estimate: a falling load is left to the windowed rate and stabilization.
 *
 * @param observed the windowed rate Prometheus reported
 * @param projected at least {@code observed}: the rate the recent rise implies
 * @param steady whether the rate moved by less than {@link #STEADY} since the previous decision, so
 *     latency seen now belongs to the load seen now
 */
record LoadTrend(double observed, double projected, boolean steady) {
  /** Relative change between decisions below which the load counts as steady. */
  static final double STEADY = 0.1;

  /**
   * @param current the request rate now
   * @param history earlier request rates, oldest first (see {@link #remember})
   * @param window the range of the {@code rate()} behind them
   */
  static LoadTrend of(Sample current, List<Sample> history, Duration window) {
    double now = current.value();
    if (history.isEmpty()) {
      return new LoadTrend(now, now, false);
    }
    Sample previous = history.get(history.size() - 1);
    long apartMillis = Duration.between(previous.at(), current.at()).toMillis();
    if (apartMillis <= 0 || apartMillis > window.toMillis()) {
      // The same sample again, or too far apart to tell a step from a trend.
      return new LoadTrend(now, now, false);
    }
    double change = now - previous.value();
    boolean steady = Math.abs(change) <= STEADY * Math.max(previous.value(), 1e-9);
    Instant windowStart = current.at().minus(window);
    if (history.get(0).at().isAfter(windowStart)) {
      // What the rate was a window ago is unknown (the engine, or the series, just started).
      return new LoadTrend(now, now, steady);
    }
    double windowAgo = windowAgo(windowStart, history).value();
    // Climbing back from a dip below the level of a window ago is recovery, not new load.
    boolean dipped = previous.value() < windowAgo * (1 - STEADY);
    double rise = now - (dipped ? windowAgo : previous.value());
    if (rise <= 0) {
      return new LoadTrend(now, now, steady);
    }
    long span = span(window, history, current);
    double projected =
        base(current, windowStart, history, window, span) + rise * span / apartMillis;
    return new LoadTrend(now, Math.max(now, projected), steady);
  }

  /**
   * The base the rise of the last span is added to. Right after a step the windowed rate a window
   * ago is that base: the level before the step. On a ramp it is short twice: the windowed rate
   * then lagged the rate by half a span, and the rise projected (the windowed rate's slope times a
   * span) covers a span of the ramp, not the whole window since. Projected from it, a ramp comes
   * out as the windowed rate now, and the replicas planned for it are late all the way up. So where
   * the windowed rate rose over both of the last two windows, the lesser of the two slopes is
   * carried over those (window − span / 2): a ramp has the same slope in both, while a step shows
   * in one window only (before it, the windowed rate a window ago is already the step's level) and
   * noise rarely rises twice.
   */
  private static double base(
      Sample current, Instant windowStart, List<Sample> history, Duration window, long spanMillis) {
    Sample windowAgo = windowAgo(windowStart, history);
    Instant twoWindowsAgo = windowStart.minus(window);
    if (history.get(0).at().isAfter(twoWindowsAgo)) {
      return windowAgo.value();
    }
    double ramp =
        Math.min(slope(windowAgo(twoWindowsAgo, history), windowAgo), slope(windowAgo, current));
    return windowAgo.value() + Math.max(0, ramp) * (window.toMillis() - spanMillis / 2.0);
  }

  /** Per millisecond, from one sample to a later one; 0 for the same instant. */
  private static double slope(Sample earlier, Sample later) {
    long apartMillis = Duration.between(earlier.at(), later.at()).toMillis();
    return apartMillis <= 0 ? 0 : (later.value() - earlier.value()) / apartMillis;
  }

  /**
   * How many milliseconds of arrivals the windowed rate averages. Prometheus' {@code rate()} over W
   * from scrapes s apart is the increase between the first and the last sample inside the window, W
   * − s apart, extrapolated to W: a step shows by Δt / (W − s) per decision, not Δt / W, and
   * projecting it W / Δt on overshoots it by W / (W − s) (a third at W = 1 min, s = 15 s). The
   * scrape interval is not known here; the shortest time between the samples the engine kept (the
   * evaluation interval, or the scrape interval if that is longer) stands in for it.
   */
  static long span(Duration window, List<Sample> history, Sample current) {
    long shortest = Long.MAX_VALUE;
    Instant later = current.at();
    for (int i = history.size() - 1; i >= 0; i--) {
      Instant earlier = history.get(i).at();
      long gap = Duration.between(earlier, later).toMillis();
      if (gap > 0) {
        shortest = Math.min(shortest, gap);
      }
      later = earlier;
    }
    long windowMillis = window.toMillis();
    if (shortest == Long.MAX_VALUE || shortest >= windowMillis) {
      return windowMillis;
    }
    return Math.max(windowMillis - shortest, shortest);
  }

  /** The newest sample at or before {@code at}; the first one is. */
  private static Sample windowAgo(Instant at, List<Sample> history) {
    Sample found = history.get(0);
    for (Sample sample : history) {
      if (sample.at().isAfter(at)) {
        break;
      }
      found = sample;
    }
    return found;
  }

  /**
   * The history to keep after this decision: the samples of the last two windows and the one before
   * them, so that {@link #of} can always reach a window back, and see the trend a window before
   * that.
   */
  static List<Sample> remember(List<Sample> history, Sample current, Duration window) {
    List<Sample> kept = new ArrayList<>();
    Instant cutoff = current.at().minus(window.multipliedBy(2));
    for (int i = 0; i < history.size(); i++) {
      Sample sample = history.get(i);
      boolean lastBeforeCutoff =
          !sample.at().isAfter(cutoff)
              && (i + 1 == history.size() || history.get(i + 1).at().isAfter(cutoff));
      if (sample.at().isBefore(current.at()) && (sample.at().isAfter(cutoff) || lastBeforeCutoff)) {
        kept.add(sample);
      }
    }
    kept.add(current);
    return List.copyOf(kept);
  }
}
