package dev.headroom.sim.model;

/**
 * A downstream call that becomes slow for a while: every request waits {@code addedSeconds} more
 * during [fromSecond, toSecond). The wait uses no CPU (the thread is parked on I/O) but keeps the
 * request, and its memory, in flight.
 */
public record SlowDependency(int fromSecond, int toSecond, double addedSeconds) {
  public SlowDependency {
    if (fromSecond < 0 || toSecond <= fromSecond) {
      throw new IllegalArgumentException(
          "slowDependency needs 0 <= fromSecond < toSecond, got " + fromSecond + ", " + toSecond);
    }
    if (!(addedSeconds >= 0)) {
      throw new IllegalArgumentException("addedSeconds must be >= 0, got " + addedSeconds);
    }
  }

  public double addedSecondsAt(int second) {
    return second >= fromSecond && second < toSecond ? addedSeconds : 0;
  }
}
