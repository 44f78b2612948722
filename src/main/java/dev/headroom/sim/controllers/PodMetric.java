package dev.headroom.sim.controllers;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One pod's sample from the resource metrics API (metrics-server).
 *
 * @param millis the usage, in millicores for CPU
 * @param timestamp the end of the window the sample covers
 * @param window how long the window is
 */
public record PodMetric(long millis, Instant timestamp, Duration window) {
  public PodMetric {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(window, "window");
  }
}
