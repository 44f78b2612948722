package dev.headroom.sim.generate;

import dev.headroom.sim.Resources;
import dev.headroom.sim.load.CsvLoadTrace;
import dev.headroom.sim.model.ServiceModel;
import dev.headroom.sim.model.ServiceParameters;
import dev.headroom.sim.model.SteadyState;
import dev.headroom.sim.observe.ObservationSettings;
import dev.headroom.sim.scenario.ScenarioLoader;
import dev.headroom.sim.scenario.ScenarioLocation;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;

/**
 * Draws scenarios from the documented families and ranges (docs/simulator.md, "Generated
 * scenarios"). Every scenario is drawn from its own stream, split from the seed by its index, so
 * scenario i of seed S is the same whatever N is. The ranges below were fixed before any engine
 * work measured against them; do not tune them to a controller.
 */
public final class ScenarioGenerator {
  /** Requests per pod at the peak are planned at this share of a pod's capacity. */
  static final double PEAK_UTILIZATION = 0.6;

  private static final double[] CORES = {0.5, 1, 1.5, 2, 3, 4};

  private static final long MIB = 1024L * 1024;

  private ScenarioGenerator() {}

  /** {@code count} scenarios of seed {@code seed}, in order. */
  public static List<GeneratedScenario> generate(int count, long seed) {
    List<GeneratedScenario> scenarios = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      scenarios.add(draw(seed, i));
    }
    return List.copyOf(scenarios);
  }

  /** Scenario {@code index} (from 0) of seed {@code seed}. */
  public static GeneratedScenario draw(long seed, int index) {
    SplittableRandom random = new SplittableRandom(mix(seed, index));
    Family family = Family.values()[random.nextInt(Family.values().length)];
    String name = String.format(Locale.ROOT, "gen-s%d-%03d-%s", seed, index + 1, family);
    Draw draw = new Draw(random, family, name, seed, index);
    String yaml = draw.yaml();
    return new GeneratedScenario(
        family, yaml, ScenarioLoader.parse(ScenarioLocation.inline(name, yaml)));
  }

  private static long mix(long seed, int index) {
    long z = seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 29);
  }

  /** One scenario's draws, in a fixed order (so that adding a field later changes nothing). */
  private static final class Draw {
    private final SplittableRandom random;
    private final Family family;
    private final String name;
    private final long scenarioSeed;
    private final StringBuilder out = new StringBuilder();

    // The service.
    private final double serviceSeconds;
    private final double cv;
    private final int startupSeconds;
    private final double cores;
    private final boolean memoryPressure;
    private final boolean slowDependency;
    // The load and the budget.
    private final int durationSeconds;
    private final double capacityRps;
    private final double peakRps;
    private final double quantile;
    private final double budgetUtilization;
    private final int minReplicas;
    private final int maxReplicas;

    Draw(SplittableRandom random, Family family, String name, long seed, int index) {
      this.random = random;
      this.family = family;
      this.name = name;
      this.scenarioSeed = mix(seed + 1, index);
      serviceSeconds = logUniform(0.005, 0.2);
      cv = uniform(0.5, 2.0);
      startupSeconds = (int) Math.round(uniform(5, 120));
      cores = CORES[random.nextInt(CORES.length)];
      memoryPressure = random.nextDouble() < 0.3;
      slowDependency = random.nextDouble() < 0.15;
      durationSeconds = 60 * (30 + random.nextInt(31));
      capacityRps = cores / serviceSeconds;
      double peakPods = logUniform(3, 40);
      peakRps = peakPods * capacityRps * PEAK_UTILIZATION;
      double q = random.nextDouble();
      quantile = q < 0.2 ? 0.9 : q < 0.7 ? 0.95 : 0.99;
      budgetUtilization = uniform(0.5, 0.8);
      minReplicas = 1 + random.nextInt(2);
      maxReplicas =
          Math.max((int) Math.ceil(peakPods * uniform(1.5, 3)), (int) Math.ceil(peakPods) + 2);
    }

    String yaml() {
      line(0, "name: " + name);
      LoadDraw load = load();
      line(
          0,
          "description: generated ("
              + family
              + "); "
              + String.format(
                  Locale.ROOT,
                  "%.0f ms of CPU per request (cv %.2f) on %s-core pods, start-up %d s",
                  serviceSeconds * 1000,
                  cv,
                  number(cores),
                  startupSeconds));
      line(0, "durationSeconds: " + durationSeconds);
      line(0, "seed: " + scenarioSeed);
      out.append(load.yaml);
      ServiceParameters parameters = parameters();
      double target = latencyTarget(parameters);
      service(parameters, target);
      line(0, "initialReplicas: " + initialReplicas(load.initialRps));
      observation(target);
      policy(target);
      return out.toString();
    }

    private ServiceParameters parameters() {
      return new ServiceParameters(
          serviceSeconds, cv, startupSeconds, 256 * MIB, 0, 30, Optional.empty());
    }

    /** The budget's target: the service's own percentile at the drawn utilisation, whole ms. */
    private double latencyTarget(ServiceParameters parameters) {
      SteadyState state =
          new ServiceModel(parameters).steadyState(resources(), budgetUtilization * capacityRps, 0);
      return Math.ceil(state.latency().quantileSeconds(quantile) * 1000) / 1000;
    }

    private Resources resources() {
      long millis = Math.round(cores * 1000);
      return new Resources(millis, millis, 512 * MIB, 0);
    }

    private void service(ServiceParameters parameters, double target) {
      line(0, "service:");
      line(2, "meanServiceSeconds: " + number(serviceSeconds));
      line(2, "serviceTimeCv: " + number(cv));
      line(2, "startupSeconds: " + startupSeconds);
      line(2, "memoryBaseBytes: 256Mi");
      long cpuMillis = Math.round(cores * 1000);
      line(2, "cpuRequest: " + cpuMillis + "m");
      line(2, "cpuLimit: " + cpuMillis + "m");
      double pressureFactor = uniform(2, 4);
      if (memoryPressure) {
        // Pods fit their steady state at the budget comfortably; a queue of 2-4x the in-flight
        // requests at 95 % busy gets them OOM-killed.
        long perInFlight = 8 * MIB;
        SteadyState busy =
            new ServiceModel(parameters).steadyState(resources(), 0.95 * capacityRps, 0);
        long request = 256 * MIB + (long) Math.ceil(busy.inFlightRequests()) * perInFlight;
        long limit =
            256 * MIB
                + (long) Math.ceil(busy.inFlightRequests() * pressureFactor + 4) * perInFlight;
        line(2, "memoryBytesPerInFlight: 8Mi");
        line(2, "memoryRequest: " + mib(request) + "Mi");
        line(2, "memoryLimit: " + mib(Math.max(limit, request)) + "Mi");
      } else {
        line(2, "memoryBytesPerInFlight: 1Mi");
        line(2, "memoryRequest: 512Mi");
      }
      double from = uniform(0.3, 0.6) * durationSeconds;
      double length = uniform(300, 900);
      double added = target * uniform(0.5, 2);
      if (slowDependency) {
        line(2, "slowDependency:");
        line(4, "fromSecond: " + (int) from);
        line(4, "toSecond: " + (int) Math.min(durationSeconds - 1, from + length));
        line(4, "addedSeconds: " + number(added));
      }
    }

    /**
     * Prometheus' default buckets plus the budget's target, as its documentation advises for a
     * latency SLO: histogram_quantile interpolates linearly inside a bucket, so a target inside a
     * wide bucket is unobservable (at 334 ms in [0.25, 0.5] a p95 reads as 410 ms at any load).
     */
    private void observation(double target) {
      TreeSet<Double> buckets = new TreeSet<>();
      for (double bound : ObservationSettings.DEFAULT_LATENCY_BUCKETS_SECONDS) {
        buckets.add(bound);
      }
      buckets.add(target);
      line(0, "observation:");
      line(
          2,
          "latencyBucketsSeconds: ["
              + String.join(", ", buckets.stream().map(ScenarioGenerator::number).toList())
              + "]");
    }

    private int initialReplicas(double initialRps) {
      int needed = (int) Math.ceil(initialRps / (capacityRps * PEAK_UTILIZATION));
      return Math.max(minReplicas, Math.min(maxReplicas, needed));
    }

    private void policy(double target) {
      line(0, "policy:");
      line(2, "apiVersion: headroom.dev/v1alpha1");
      line(2, "kind: PerformancePolicy");
      line(2, "metadata:");
      line(4, "name: " + name);
      line(4, "namespace: sim");
      line(2, "spec:");
      line(4, "targetRef:");
      line(6, "name: " + name);
      line(4, "evaluationInterval: 15s");
      line(4, "budgets:");
      line(6, "latency:");
      String label = "p" + number(quantile * 100);
      line(8, "- name: " + label);
      line(10, "percentile: " + number(quantile));
      line(10, "target: " + Math.round(target * 1000) + "ms");
      line(10, "critical: " + Math.round(4 * target * 1000) + "ms");
      line(10, "window: 1m");
      line(10, "metric:");
      line(12, "preset: PrometheusHistogram");
      line(12, "metric: http_request_duration_seconds");
      line(6, "errorRate:");
      line(8, "targetPercent: 1");
      line(8, "criticalPercent: 5");
      line(8, "window: 1m");
      line(4, "scaling:");
      line(6, "minReplicas: " + minReplicas);
      line(6, "maxReplicas: " + maxReplicas);
    }

    private LoadDraw load() {
      StringBuilder load = new StringBuilder();
      double initial;
      switch (family) {
        case steps -> {
          initial = peakRps * uniform(0.15, 0.5);
          int count = 2 + random.nextInt(4);
          TreeSet<Integer> times = new TreeSet<>();
          while (times.size() < count) {
            int at = (int) (uniform(0.1, 0.9) * durationSeconds);
            if (times.floor(at + 119) == null || times.floor(at + 119) < at - 119) {
              if (times.ceiling(at - 119) == null || times.ceiling(at - 119) > at + 119) {
                times.add(at);
              }
            }
          }
          int highest = random.nextInt(count);
          append(load, 0, "load:");
          append(load, 2, "shape: steps");
          append(load, 2, "initialRps: " + number(initial));
          append(load, 2, "steps:");
          int i = 0;
          for (int at : times) {
            double level = i == highest ? peakRps : peakRps * logUniform(0.1, 1);
            append(load, 4, "- atSecond: " + at);
            append(load, 6, "rps: " + number(level));
            i++;
          }
        }
        case flashCrowd -> {
          initial = peakRps / uniform(10, 20);
          append(load, 0, "load:");
          append(load, 2, "shape: flashCrowd");
          append(load, 2, "baseRps: " + number(initial));
          append(load, 2, "peakRps: " + number(peakRps));
          append(load, 2, "startSecond: " + (int) (uniform(0.15, 0.4) * durationSeconds));
          append(load, 2, "riseSeconds: " + (int) uniform(30, 300));
          append(load, 2, "holdSeconds: " + (int) uniform(120, 900));
          append(load, 2, "fallSeconds: " + (int) uniform(60, 900));
        }
        case diurnal -> {
          initial = peakRps * uniform(0.1, 0.4);
          append(load, 0, "load:");
          append(load, 2, "shape: diurnal");
          append(load, 2, "minRps: " + number(initial));
          append(load, 2, "maxRps: " + number(peakRps));
          append(load, 2, "periodSeconds: " + (int) (durationSeconds / uniform(1, 2.5)));
          append(load, 2, "noise:");
          append(load, 4, "fraction: " + number(uniform(0.05, 0.2)));
          append(load, 4, "correlationSeconds: " + (int) uniform(30, 120));
        }
        case randomWalk -> {
          double factor = uniform(1.5, 3);
          double high = peakRps / 1.2;
          double low = peakRps * 0.1;
          initial = Math.exp(uniform(Math.log(low), Math.log(high)));
          append(load, 0, "load:");
          append(load, 2, "shape: randomWalk");
          append(load, 2, "startRps: " + number(initial));
          append(load, 2, "minRps: " + number(low));
          append(load, 2, "maxRps: " + number(high));
          append(load, 2, "volatility: " + number(uniform(0.1, 0.4)));
          append(load, 2, "burstsPerHour: " + number(uniform(2, 10)));
          append(load, 2, "burstFactor: " + number(factor));
          append(load, 2, "burstSeconds: " + (int) uniform(10, 60));
        }
        case flap -> {
          initial = peakRps;
          append(load, 0, "load:");
          append(load, 2, "shape: flap");
          append(load, 2, "highRps: " + number(peakRps));
          append(load, 2, "lowRps: " + number(peakRps * uniform(0.2, 0.5)));
          append(load, 2, "halfPeriodSeconds: " + (int) uniform(60, 300));
        }
        case bursty -> {
          double factor = uniform(1.5, 4);
          double burst = uniform(1, 10);
          double gap = Math.max(burst * uniform(4, 20), burst * factor * 1.2);
          initial = peakRps * uniform(0.3, 0.7);
          append(load, 0, "load:");
          append(load, 2, "shape: diurnal");
          append(load, 2, "minRps: " + number(initial));
          append(load, 2, "maxRps: " + number(peakRps));
          append(load, 2, "periodSeconds: " + (int) (durationSeconds / uniform(1, 2)));
          append(load, 2, "bursts:");
          append(load, 4, "factor: " + number(factor));
          append(load, 4, "meanBurstSeconds: " + number(burst));
          append(load, 4, "meanGapSeconds: " + number(gap));
        }
        default -> initial = trace(load);
      }
      return new LoadDraw(load.toString(), initial);
    }

    /** A real trace at a random offset, scaled so its busiest minute in the window is the peak. */
    private double trace(StringBuilder load) {
      int which = random.nextInt(3);
      String file;
      int usable;
      String interpolation;
      switch (which) {
        case 0 -> {
          file = "traces/wc98_1998-06-30_24h_1min.csv";
          usable = 86_400;
          interpolation = "linear";
        }
        case 1 -> {
          file = "traces/wc98_1998-07-07_6h_1min.csv";
          usable = 21_600;
          interpolation = "linear";
        }
        default -> {
          // Before the evening's logging outages (the traces' notes: gap-free below 61,500 s).
          file = "traces/nasa_1995-07-13_24h_1s.csv";
          usable = 61_500;
          interpolation = "hold";
        }
      }
      int offset = random.nextInt(Math.max(1, usable - durationSeconds - 60));
      CsvLoadTrace raw = readTrace(file, offset, interpolation);
      double busiestMinute = 0;
      for (int start = 0; start + 60 <= durationSeconds; start += 10) {
        double sum = 0;
        for (int s = start; s < start + 60; s++) {
          sum += raw.rpsAt(s);
        }
        busiestMinute = Math.max(busiestMinute, sum / 60);
      }
      double scale = peakRps / Math.max(busiestMinute, 1e-9);
      append(load, 0, "load:");
      append(load, 2, "csv: classpath:" + file);
      append(load, 2, "scale: " + number(scale));
      append(load, 2, "offsetSeconds: " + offset);
      append(load, 2, "interpolation: " + interpolation);
      double firstMinute = 0;
      for (int s = 0; s < 60; s++) {
        firstMinute += raw.rpsAt(s) / 60;
      }
      return firstMinute * scale;
    }

    private double uniform(double low, double high) {
      return low + (high - low) * random.nextDouble();
    }

    private double logUniform(double low, double high) {
      return Math.exp(uniform(Math.log(low), Math.log(high)));
    }

    private void line(int indent, String text) {
      append(out, indent, text);
    }
  }

  private record LoadDraw(String yaml, double initialRps) {}

  private static CsvLoadTrace readTrace(String resource, int offset, String interpolation) {
    try (InputStream in = ScenarioGenerator.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing trace " + resource);
      }
      return CsvLoadTrace.read(
          resource,
          new InputStreamReader(in, StandardCharsets.UTF_8),
          1,
          offset,
          1,
          CsvLoadTrace.Interpolation.valueOf(interpolation.toUpperCase(Locale.ROOT)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void append(StringBuilder out, int indent, String text) {
    out.append(" ".repeat(indent)).append(text).append('\n');
  }

  private static long mib(long bytes) {
    return (bytes + MIB - 1) / MIB;
  }

  /** A number as YAML shows it: up to six significant digits, no exponent for usual values. */
  static String number(double value) {
    String text = String.format(Locale.ROOT, "%.6g", value);
    if (text.contains("e") || text.contains("E")) {
      return text;
    }
    if (text.contains(".")) {
      text = text.replaceAll("0+$", "").replaceAll("\\.$", "");
    }
    return text;
  }
}
