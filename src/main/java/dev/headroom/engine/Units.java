package dev.headroom.engine;

import java.util.Locale;

/** Values with their units, for reasons people read. */
public final class Units {
  private Units() {}

  public static String format(BudgetKind kind, double value) {
    return switch (kind) {
      case LATENCY_QUANTILE, LATENCY_AVERAGE -> seconds(value);
      case ERROR_RATIO, CPU_UTILIZATION, MEMORY_UTILIZATION ->
          String.format(Locale.ROOT, "%.1f%%", value * 100);
      case THROUGHPUT_MIN, THROUGHPUT_PER_REPLICA -> String.format(Locale.ROOT, "%.1f rps", value);
      case CPU_CORES -> String.format(Locale.ROOT, "%dm", Math.round(value * 1000));
      case MEMORY_PEAK -> bytes(value);
    };
  }

  public static String seconds(double seconds) {
    if (Double.isInfinite(seconds)) {
      return "unbounded";
    }
    return seconds < 1
        ? String.format(Locale.ROOT, "%dms", Math.round(seconds * 1000))
        : String.format(Locale.ROOT, "%.2fs", seconds);
  }

  /** "1 replica", "3 replicas". */
  public static String replicas(int count) {
    return count + (count == 1 ? " replica" : " replicas");
  }

  public static String bytes(double bytes) {
    return String.format(Locale.ROOT, "%dMi", Math.round(bytes / (1024 * 1024)));
  }
}
