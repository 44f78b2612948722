package dev.headroom.sim.observe;

import dev.headroom.sim.PrometheusView;
import dev.headroom.sim.cluster.ContainerCounters;
import dev.headroom.sim.cluster.Pod;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;

/**
 * A Prometheus that scrapes the pods' containers and the ingress every scrape interval and answers
 * the queries a controller would run, with {@code rate()} over the rate window. Its answers lag the
 * truth by up to a scrape interval plus the window, and a deleted pod's series keeps counting until
 * its samples leave the window, as in a real Prometheus. While it is down it neither scrapes nor
 * answers, so it comes back with a gap.
 */
public final class SimulatedPrometheus {
  static final String INGRESS_SERIES = "ingress";

  private final ObservationSettings settings;
  private final double[] bucketBounds;
  private final Map<String, List<Sample>> series = new LinkedHashMap<>();
  private final Deque<double[]> cpuPerPodHistory = new ArrayDeque<>();
  private final Deque<long[]> memoryPeakHistory = new ArrayDeque<>();
  private int lastScrapeSecond = -1;

  public SimulatedPrometheus(ObservationSettings settings) {
    this.settings = settings;
    this.bucketBounds = settings.latencyBucketsSeconds();
  }

  public ObservationSettings settings() {
    return settings;
  }

  /** Scrapes now if this second is a scrape time and Prometheus is up. */
  public void maybeScrape(int second, List<Pod> pods, ContainerCounters ingress) {
    if (!settings.scrapesAt(second) || settings.prometheusDownAt(second)) {
      return;
    }
    for (Pod pod : pods) {
      ContainerCounters c = pod.counters();
      append(
          pod.name(),
          new Sample(
              second,
              c.requests(),
              c.errors(),
              c.latencySumSeconds(),
              c.bucketCounts(),
              c.cpuSeconds(),
              c.cfsPeriods(),
              c.cfsThrottledPeriods(),
              pod.workingSetBytes(),
              pod.ready(),
              true));
    }
    append(
        INGRESS_SERIES,
        new Sample(
            second,
            ingress.requests(),
            ingress.errors(),
            0,
            new double[settings.histogramBuckets()],
            0,
            0,
            0,
            0,
            false,
            false));
    lastScrapeSecond = second;
    forgetOldSamples(second);
    recordHistory(second);
  }

  private void append(String name, Sample sample) {
    series.computeIfAbsent(name, n -> new ArrayList<>()).add(sample);
  }

  private void forgetOldSamples(int second) {
    int keepAfter = second - settings.rateWindowSeconds() - settings.scrapeIntervalSeconds();
    Iterator<List<Sample>> it = series.values().iterator();
    while (it.hasNext()) {
      List<Sample> samples = it.next();
      samples.removeIf(s -> s.second() <= keepAfter);
      if (samples.isEmpty()) {
        it.remove();
      }
    }
  }

  private void recordHistory(int second) {
    long memoryPeak = -1;
    for (List<Sample> samples : series.values()) {
      Sample newest = samples.get(samples.size() - 1);
      if (!newest.isPod() || newest.second() != second) {
        continue;
      }
      memoryPeak = Math.max(memoryPeak, newest.workingSetBytes());
      double cpu = PromQl.rate(samples, Sample::cpuSeconds, second, settings.rateWindowSeconds());
      if (newest.ready() && !Double.isNaN(cpu)) {
        cpuPerPodHistory.add(new double[] {second, cpu});
      }
    }
    if (memoryPeak >= 0) {
      memoryPeakHistory.add(new long[] {second, memoryPeak});
    }
    int keepAfter = second - settings.historyWindowSeconds();
    while (!cpuPerPodHistory.isEmpty() && cpuPerPodHistory.peekFirst()[0] <= keepAfter) {
      cpuPerPodHistory.removeFirst();
    }
    while (!memoryPeakHistory.isEmpty() && memoryPeakHistory.peekFirst()[0] <= keepAfter) {
      memoryPeakHistory.removeFirst();
    }
  }

  /** What the queries answer at {@code second}. */
  public PrometheusView query(int second, Instant now) {
    if (settings.prometheusDownAt(second)) {
      return PrometheusView.unavailable(now);
    }
    int end = second;
    int window = settings.rateWindowSeconds();
    double requests = sumOfRates(Sample::requests, end, window, false);
    double errors = sumOfRates(Sample::errors, end, window, false);
    double count = sumOfRates(s -> s.buckets()[s.buckets().length - 1], end, window, true);
    double latencySum = sumOfRates(Sample::latencySumSeconds, end, window, true);

    Map<Double, Double> quantiles = new TreeMap<>();
    double[] bucketRates = bucketRates(end, window);
    for (double q : settings.quantiles()) {
      double value = PromQl.histogramQuantile(q, bucketBounds, bucketRates);
      if (!Double.isNaN(value)) {
        quantiles.put(q, value);
      }
    }
    double periods = sumOfRates(Sample::cfsPeriods, end, window, true);
    double throttled = sumOfRates(Sample::cfsThrottledPeriods, end, window, true);

    return new PrometheusView(
        lastScrapeSecond < 0 ? null : SimClock.instant(lastScrapeSecond),
        present(requests),
        requests > 0 ? present(errors / requests) : OptionalDouble.empty(),
        Collections.unmodifiableMap(quantiles),
        count > 0 ? present(latencySum / count) : OptionalDouble.empty(),
        cpuPerReadyPod(end, window),
        cpuHighPercentile(),
        memoryPeakHistory.stream().mapToDouble(m -> m[1]).max(),
        memoryNow(),
        periods > 0 ? present(throttled / periods) : OptionalDouble.empty());
  }

  private static OptionalDouble present(double value) {
    return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
  }

  /** sum(rate(counter[window])) over the series that have a rate; NaN when none has. */
  private double sumOfRates(
      ToDoubleFunction<Sample> counter, int end, int window, boolean podsOnly) {
    double sum = 0;
    boolean any = false;
    for (List<Sample> samples : series.values()) {
      if (podsOnly && !samples.get(0).isPod()) {
        continue;
      }
      double rate = PromQl.rate(samples, counter, end, window);
      if (!Double.isNaN(rate)) {
        sum += rate;
        any = true;
      }
    }
    return any ? sum : Double.NaN;
  }

  private double[] bucketRates(int end, int window) {
    double[] rates = new double[settings.histogramBuckets()];
    for (int b = 0; b < rates.length; b++) {
      int bucket = b;
      double rate = sumOfRates(s -> s.buckets()[bucket], end, window, true);
      rates[b] = Double.isNaN(rate) ? 0 : rate;
    }
    return rates;
  }

  /** avg(rate(cpu[window])) over the pods Ready at the newest scrape. */
  private OptionalDouble cpuPerReadyPod(int end, int window) {
    double sum = 0;
    int pods = 0;
    for (List<Sample> samples : series.values()) {
      Sample newest = samples.get(samples.size() - 1);
      if (!newest.isPod() || newest.second() != lastScrapeSecond || !newest.ready()) {
        continue;
      }
      double rate = PromQl.rate(samples, Sample::cpuSeconds, end, window);
      if (!Double.isNaN(rate)) {
        sum += rate;
        pods++;
      }
    }
    return pods == 0 ? OptionalDouble.empty() : OptionalDouble.of(sum / pods);
  }

  /** quantile_over_time(0.95, per-pod CPU rate) over the history window. */
  private OptionalDouble cpuHighPercentile() {
    if (cpuPerPodHistory.isEmpty()) {
      return OptionalDouble.empty();
    }
    double[] values = cpuPerPodHistory.stream().mapToDouble(v -> v[1]).toArray();
    Arrays.sort(values);
    // Prometheus' quantile_over_time: linear interpolation between closest ranks.
    double rank = 0.95 * (values.length - 1);
    int below = (int) Math.floor(rank);
    int above = Math.min(below + 1, values.length - 1);
    double fraction = rank - below;
    return OptionalDouble.of(values[below] + fraction * (values[above] - values[below]));
  }

  private OptionalDouble memoryNow() {
    long max = -1;
    for (List<Sample> samples : series.values()) {
      Sample newest = samples.get(samples.size() - 1);
      if (newest.isPod() && newest.second() == lastScrapeSecond) {
        max = Math.max(max, newest.workingSetBytes());
      }
    }
    return max < 0 ? OptionalDouble.empty() : OptionalDouble.of(max);
  }
}
