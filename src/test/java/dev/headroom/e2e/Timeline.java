package dev.headroom.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What a scenario saw, second by second: the cluster's state as the {@link LoopUnderTest} sampled
 * it, and the moments the test marked (a load step, an outage). It answers "how long after X did Y
 * first hold", and prints the changes as a table, so each scenario's time to detect, act and
 * recover is measured from the cluster, not from the operator's own account of itself.
 */
final class Timeline {
  /** Where each scenario's summary line is appended, for docs/benchmarks.md. */
  static final Path SUMMARY = Path.of("target", "e2e-timelines.txt");

  /**
   * The state of the target and its policy at one moment.
   *
   * @param seconds since the scenario started
   * @param replicas the Deployment's spec.replicas
   * @param ready its status.readyReplicas
   * @param memoryLimit the template's memory limit of the serving container (a quantity)
   * @param keyBudget the policy's status.keyBudget
   * @param violations the budgets in violation
   * @param conditions condition type → status
   * @param decided status.lastDecision.replicas
   * @param reason status.lastDecision.reason
   */
  record Sample(
      double seconds,
      int replicas,
      int ready,
      String memoryLimit,
      String keyBudget,
      List<String> violations,
      Map<String, String> conditions,
      Integer decided,
      String reason) {
    String row() {
      return String.format(
          Locale.ROOT,
          "%7.1f  %3d/%-3d  %-7s  decided=%-4s %-22s %-20s %s  %s",
          seconds,
          ready,
          replicas,
          memoryLimit,
          decided,
          keyBudget,
          violations,
          conditions,
          reason);
    }

    /** Everything but the time: two samples with the same state print as one row. */
    String state() {
      return row().substring(8);
    }
  }

  private final String scenario;
  private final List<Sample> samples = new ArrayList<>();
  private final Map<String, Double> marks = new LinkedHashMap<>();
  private final Map<Double, Integer> recommendations = new java.util.TreeMap<>();

  Timeline(String scenario) {
    this.scenario = scenario;
  }

  synchronized void add(Sample sample) {
    samples.add(sample);
  }

  /** An unstabilized recommendation the engine made (from the policy's status), by its time. */
  synchronized void recommended(double seconds, int replicas) {
    recommendations.put(seconds, replicas);
  }

  /**
   * The last time before {@code before} the engine itself asked for {@code replicas} or more; a
   * scale-down window runs from it, as the HPA's does.
   */
  synchronized double lastAskedFor(int replicas, double before) {
    return recommendations.entrySet().stream()
        .filter(e -> e.getKey() < before && e.getValue() >= replicas)
        .mapToDouble(Map.Entry::getKey)
        .max()
        .orElseThrow(
            () -> new AssertionError("never asked for " + replicas + ": " + recommendations));
  }

  synchronized void mark(String what, double seconds) {
    marks.put(what, seconds);
  }

  synchronized double markAt(String what) {
    Double at = marks.get(what);
    if (at == null) {
      throw new IllegalStateException("no mark " + what + " in " + marks.keySet());
    }
    return at;
  }

  /** Seconds from the mark to the first sample at or after it for which {@code holds} is true. */
  synchronized Optional<Double> secondsUntil(String mark, Predicate<Sample> holds) {
    double from = markAt(mark);
    return samples.stream()
        .filter(s -> s.seconds() >= from && holds.test(s))
        .findFirst()
        .map(s -> s.seconds() - from);
  }

  /** The samples from the mark on (inclusive). */
  synchronized List<Sample> since(String mark) {
    double from = markAt(mark);
    return samples.stream().filter(s -> s.seconds() >= from).toList();
  }

  synchronized String table() {
    StringBuilder out = new StringBuilder("timeline of " + scenario + "\n");
    out.append("      t  rdy/rep  memory   decided      key budget             violations")
        .append("           conditions\n");
    String last = null;
    var pending = new ArrayList<>(marks.entrySet());
    for (Sample sample : samples) {
      while (!pending.isEmpty() && pending.get(0).getValue() <= sample.seconds()) {
        var mark = pending.remove(0);
        out.append(String.format(Locale.ROOT, "%7.1f  ---- %s%n", mark.getValue(), mark.getKey()));
        last = null;
      }
      if (!sample.state().equals(last)) {
        out.append(sample.row()).append('\n');
        last = sample.state();
      }
    }
    return out.toString();
  }

  /** Appends one line to {@link #SUMMARY}: the scenario and its measured intervals. */
  static void summarize(String scenario, Map<String, Optional<Double>> intervals) {
    StringBuilder line = new StringBuilder(scenario).append(':');
    intervals.forEach(
        (name, value) ->
            line.append(' ')
                .append(name)
                .append('=')
                .append(value.map(v -> String.format(Locale.ROOT, "%.1fs", v)).orElse("never")));
    System.out.println("[e2e] " + line);
    try {
      Files.createDirectories(SUMMARY.getParent());
      Files.writeString(
          SUMMARY,
          line + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
