package dev.headroom.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How busy the whole machine was over a run, from {@code /proc/stat}: a real-process test shares 2
 * cores with everything else, and its figures mean little without this.
 */
final class CpuMeter {
  private final long[] start;
  private final long startNanos = System.nanoTime();

  private CpuMeter(long[] start) {
    this.start = start;
  }

  static CpuMeter start() {
    return new CpuMeter(read());
  }

  /** "busy X % of N cores over S s". */
  String report() {
    long[] now = read();
    long busy = (now[0] - start[0]);
    long total = busy + (now[1] - start[1]);
    int cores = Runtime.getRuntime().availableProcessors();
    return "busy %.0f %% of %d cores over %.0f s"
        .formatted(
            total == 0 ? 0 : 100.0 * busy / total, cores, (System.nanoTime() - startNanos) / 1e9);
  }

  /** {busy jiffies, idle jiffies} of the aggregate "cpu" line. */
  private static long[] read() {
    try {
      String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
      long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
      long all = 0;
      for (int i = 1; i < Math.min(f.length, 9); i++) {
        all += Long.parseLong(f[i]);
      }
      return new long[] {all - idle, idle};
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
