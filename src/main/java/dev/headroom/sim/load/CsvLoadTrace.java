package dev.headroom.sim.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A recorded trace replayed from a {@code seconds,rps} CSV. The simulated second {@code t} reads
 * the trace at {@code offsetSeconds + t * speedup}, multiplied by {@code scale}. Before the first
 * row and after the last the end values hold.
 */
public final class CsvLoadTrace implements LoadTrace {
  /** How to read between two rows. */
  public enum Interpolation {
    /** A straight line between neighbouring rows. */
    LINEAR,
    /** Each row's rate until the next row, as the rows were measured (per-bin averages). */
    HOLD
  }

  private final String source;
  private final double[] traceSeconds;
  private final double[] traceRps;
  private final double scale;
  private final double offsetSeconds;
  private final double speedup;
  private final Interpolation interpolation;

  private CsvLoadTrace(
      String source,
      double[] traceSeconds,
      double[] traceRps,
      double scale,
      double offsetSeconds,
      double speedup,
      Interpolation interpolation) {
    this.source = source;
    this.traceSeconds = traceSeconds;
    this.traceRps = traceRps;
    this.scale = scale;
    this.offsetSeconds = offsetSeconds;
    this.speedup = speedup;
    this.interpolation = interpolation;
  }

  /**
   * Reads a CSV with a {@code seconds,rps} header and rows in strictly increasing seconds.
   *
   * @param source a name for messages (the file or resource)
   * @throws IllegalArgumentException naming the line when the file is not such a CSV
   */
  public static CsvLoadTrace read(
      String source,
      Reader csv,
      double scale,
      double offsetSeconds,
      double speedup,
      Interpolation interpolation)
      throws IOException {
    Shapes.requireNonNegative("scale", scale);
    Shapes.requirePositive("speedup", speedup);
    List<double[]> rows = new ArrayList<>();
    BufferedReader lines = new BufferedReader(csv);
    String header = lines.readLine();
    if (header == null
        || !header.strip().replace(" ", "").toLowerCase(Locale.ROOT).equals("seconds,rps")) {
      throw new IllegalArgumentException(
          source + ": line 1: expected the header 'seconds,rps', got '" + header + "'");
    }
    int lineNumber = 1;
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      rows.add(parseRow(source, lineNumber, line, rows));
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(source + ": no rows after the header");
    }
    double[] seconds = rows.stream().mapToDouble(r -> r[0]).toArray();
    double[] rps = rows.stream().mapToDouble(r -> r[1]).toArray();
    return new CsvLoadTrace(source, seconds, rps, scale, offsetSeconds, speedup, interpolation);
  }

  private static double[] parseRow(
      String source, int lineNumber, String line, List<double[]> rows) {
    String[] cells = line.split(",");
    if (cells.length != 2) {
      throw new IllegalArgumentException(
          source + ": line " + lineNumber + ": expected 'seconds,rps', got '" + line + "'");
    }
    double second;
    double rps;
    try {
      second = Double.parseDouble(cells[0].strip());
      rps = Double.parseDouble(cells[1].strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          source + ": line " + lineNumber + ": not two numbers: '" + line + "'", e);
    }
    if (!(rps >= 0) || Double.isInfinite(rps)) {
      throw new IllegalArgumentException(
          source + ": line " + lineNumber + ": rps must be a finite number >= 0, got " + rps);
    }
    if (!rows.isEmpty() && !(second > rows.get(rows.size() - 1)[0])) {
      throw new IllegalArgumentException(
          source + ": line " + lineNumber + ": seconds must increase, got " + cells[0].strip());
    }
    return new double[] {second, rps};
  }

  @Override
  public double rpsAt(double second) {
    double at = offsetSeconds + second * speedup;
    int index = Arrays.binarySearch(traceSeconds, at);
    if (index >= 0) {
      return scale * traceRps[index];
    }
    int next = -index - 1;
    if (next == 0) {
      return scale * traceRps[0];
    }
    if (next == traceSeconds.length) {
      return scale * traceRps[traceSeconds.length - 1];
    }
    int previous = next - 1;
    if (interpolation == Interpolation.HOLD) {
      return scale * traceRps[previous];
    }
    double fraction = (at - traceSeconds[previous]) / (traceSeconds[next] - traceSeconds[previous]);
    return scale * (traceRps[previous] + fraction * (traceRps[next] - traceRps[previous]));
  }

  /** A recorded trace changes everywhere; reports treat it as smooth. */
  @Override
  public List<Integer> loadChanges(int durationSeconds) {
    return List.of();
  }

  /** The simulated seconds the trace covers from the offset on, at its speed-up. */
  public double coveredSeconds() {
    return Math.max(0, (traceSeconds[traceSeconds.length - 1] - offsetSeconds) / speedup);
  }

  @Override
  public String describe() {
    return String.format(
        Locale.ROOT,
        "csv %s x%s from trace second %s%s, %s",
        source,
        Shapes.rps(scale).replace(" rps", ""),
        Shapes.rps(offsetSeconds).replace(" rps", ""),
        speedup == 1 ? "" : ", " + speedup + "x faster",
        interpolation.name().toLowerCase(Locale.ROOT));
  }
}
