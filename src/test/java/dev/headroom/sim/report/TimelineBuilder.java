package dev.headroom.sim.report;

import dev.headroom.sim.Timeline;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Hand-built timelines: constant defaults, overwritten over ranges of seconds. */
final class TimelineBuilder {
  private final double[] loadRps;
  private final int[] specReplicas;
  private final int[] readyReplicas;
  private final int[] pods;
  private final double[] cpuRequestCores;
  private final double[] memoryRequestGiB;
  private final Map<String, double[]> budgetValues = new LinkedHashMap<>();

  private TimelineBuilder(int seconds) {
    loadRps = filled(seconds, 100);
    specReplicas = new int[seconds];
    readyReplicas = new int[seconds];
    pods = new int[seconds];
    Arrays.fill(specReplicas, 2);
    Arrays.fill(readyReplicas, 2);
    Arrays.fill(pods, 2);
    cpuRequestCores = filled(seconds, 1.0);
    memoryRequestGiB = filled(seconds, 2.0);
  }

  /** 100 rps, 2 replicas (spec, ready and pods), 1 core, 2 GiB, no budget values yet. */
  static TimelineBuilder seconds(int seconds) {
    return new TimelineBuilder(seconds);
  }

  TimelineBuilder load(int fromSecond, int toSecond, double rps) {
    Arrays.fill(loadRps, fromSecond, toSecond, rps);
    return this;
  }

  TimelineBuilder replicas(int fromSecond, int toSecond, int spec, int ready, int existing) {
    Arrays.fill(specReplicas, fromSecond, toSecond, spec);
    Arrays.fill(readyReplicas, fromSecond, toSecond, ready);
    Arrays.fill(pods, fromSecond, toSecond, existing);
    return this;
  }

  TimelineBuilder cores(int fromSecond, int toSecond, double cores) {
    Arrays.fill(cpuRequestCores, fromSecond, toSecond, cores);
    return this;
  }

  TimelineBuilder memoryGiB(int fromSecond, int toSecond, double gib) {
    Arrays.fill(memoryRequestGiB, fromSecond, toSecond, gib);
    return this;
  }

  /** Sets a budget's value over [from, to); a budget first mentioned starts at {@code value}. */
  TimelineBuilder budget(String name, int fromSecond, int toSecond, double value) {
    double[] values = budgetValues.computeIfAbsent(name, n -> filled(loadRps.length, value));
    Arrays.fill(values, fromSecond, toSecond, value);
    return this;
  }

  TimelineBuilder budget(String name, double value) {
    return budget(name, 0, loadRps.length, value);
  }

  Timeline build() {
    Map<String, double[]> copies = new LinkedHashMap<>();
    budgetValues.forEach((name, values) -> copies.put(name, values.clone()));
    return new Timeline(
        loadRps.clone(),
        specReplicas.clone(),
        readyReplicas.clone(),
        pods.clone(),
        cpuRequestCores.clone(),
        memoryRequestGiB.clone(),
        copies);
  }

  private static double[] filled(int length, double value) {
    double[] values = new double[length];
    Arrays.fill(values, value);
    return values;
  }
}
