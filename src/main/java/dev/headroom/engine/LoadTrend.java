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
 * min, 15 s apart), instead of a whole window later. It only ever raises the estimate: a falling
 * load is left to the windowed rate and stabilization.
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
    double projected = windowAgo + rise * span(window, history, current) / apartMillis;
    return new LoadTrend(now, Math.max(now, projected), steady);
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
   * The history to keep after this decision: the samples of the last window and the one before it,
   * so that {@link #of} can always reach a window back.
   */
  static List<Sample> remember(List<Sample> history, Sample current, Duration window) {
    List<Sample> kept = new ArrayList<>();
    Instant cutoff = current.at().minus(window);
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
