package dev.headroom.sim.scenario;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.headroom.api.v1alpha1.LatencyBudget;
import dev.headroom.api.v1alpha1.LatencyStatistic;
import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import dev.headroom.sim.Resources;
import dev.headroom.sim.WorkloadKind;
import dev.headroom.sim.load.ConstantLoad;
import dev.headroom.sim.load.CsvLoadTrace;
import dev.headroom.sim.load.DiurnalLoad;
import dev.headroom.sim.load.FlashCrowdLoad;
import dev.headroom.sim.load.LoadTrace;
import dev.headroom.sim.load.RampLoad;
import dev.headroom.sim.load.RandomShapes;
import dev.headroom.sim.load.SawtoothLoad;
import dev.headroom.sim.load.SpikeLoad;
import dev.headroom.sim.load.SquareWaveLoad;
import dev.headroom.sim.load.StepLoad;
import dev.headroom.sim.load.StepsLoad;
import dev.headroom.sim.model.ServiceParameters;
import dev.headroom.sim.model.SlowDependency;
import dev.headroom.sim.observe.ObservationSettings;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads scenario YAML files. Paths inside a scenario (the policy, a CSV trace) are relative to the
 * scenario's own location, or {@code classpath:...} for resources shipped in the jar.
 */
public final class ScenarioLoader {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final KubernetesSerialization KUBERNETES = new KubernetesSerialization();
  private static final Set<String> SHAPES =
      Set.of(
          "constant",
          "step",
          "step3x",
          "spike",
          "diurnal",
          "sawtooth",
          "ramp",
          "steps",
          "flashCrowd",
          "flap",
          "randomWalk");

  private ScenarioLoader() {}

  public static Scenario load(Path file) {
    return parse(ScenarioLocation.of(file));
  }

  /** A scenario shipped in the jar, e.g. {@code scenarios/spike.yaml}. */
  public static Scenario loadResource(String resource) {
    return parse(ScenarioLocation.classpath(resource));
  }

  /** A scenario given as text, resolving its paths against {@code location}. */
  public static Scenario parse(ScenarioLocation location) {
    String source = location.name();
    String text = location.readScenario();
    JsonNode root;
    try {
      root = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ScenarioException(source + ": not valid YAML: " + e.getOriginalMessage(), e);
    }
    Fields f = Fields.root(source, root);
    f.rejectUnknown(
        "name",
        "description",
        "durationSeconds",
        "seed",
        "stepSeconds",
        "load",
        "service",
        "workload",
        "observation",
        "initialReplicas",
        "policy",
        "hpa",
        "keda");
    String name = f.string("name");
    String description = f.string("description", "");
    int duration = f.integer("durationSeconds", 1);
    long seed = f.longValue("seed", 1);
    if (f.has("stepSeconds") && f.integer("stepSeconds", 1) != 1) {
      throw f.error(
          "stepSeconds", "only 1 is supported (the simulator steps one second at a time)");
    }
    boolean inlinePolicy = f.isObject("policy");
    String policyRef = inlinePolicy ? null : f.string("policy");
    PerformancePolicySpec policy =
        inlinePolicy ? readInlinePolicy(f) : readPolicy(location, policyRef, f);
    LoadSpec load = readLoad(f.object("load"), location, seed, duration);
    ServiceSpec service = readService(f.object("service"));
    WorkloadKind workload = readWorkload(f.optionalObject("workload"), policy, f);
    int initialReplicas = f.integer("initialReplicas", 0, policy.scaling().effectiveMinReplicas());
    Optional<KedaSettings> keda = readKeda(f.optionalObject("keda"), policy, f);
    HpaSettings hpa = readHpa(f.optionalObject("hpa"), policy);
    ObservationSettings observation =
        readObservation(f.optionalObject("observation"), quantilesOf(policy, keda), duration);
    return new Scenario(
        name,
        description,
        duration,
        seed,
        load,
        service,
        workload,
        observation,
        initialReplicas,
        policy,
        inlinePolicy ? source + " (inline policy)" : location.describe(policyRef),
        hpa,
        keda,
        source);
  }

  private static PerformancePolicySpec readInlinePolicy(Fields f) {
    String text;
    try {
      text = YAML.writeValueAsString(f.node("policy"));
    } catch (JsonProcessingException e) {
      throw f.error("policy", "cannot be read: " + e.getOriginalMessage());
    }
    return parsePolicy(text, "the inline policy", f);
  }

  private static PerformancePolicySpec readPolicy(ScenarioLocation location, String ref, Fields f) {
    String text;
    try {
      text = location.readText(ref);
    } catch (ScenarioException e) {
      throw f.error("policy", e.getMessage());
    }
    return parsePolicy(text, location.describe(ref), f);
  }

  private static PerformancePolicySpec parsePolicy(String text, String where, Fields f) {
    PerformancePolicy policy;
    try {
      policy = KUBERNETES.unmarshal(text, PerformancePolicy.class);
    } catch (RuntimeException e) {
      throw f.error("policy", where + ": not a PerformancePolicy: " + rootMessage(e));
    }
    PerformancePolicySpec spec = policy == null ? null : policy.getSpec();
    if (spec == null || spec.budgets() == null || spec.scaling() == null) {
      throw f.error("policy", where + ": a PerformancePolicy with spec.budgets and spec.scaling");
    }
    try {
      PolicyBudgets.of(spec);
    } catch (IllegalArgumentException e) {
      throw f.error("policy", where + ": " + e.getMessage());
    }
    return spec;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getMessage();
  }

  private static LoadSpec readLoad(Fields f, ScenarioLocation location, long seed, int duration) {
    LoadSpec plain = readPlainLoad(f, location, seed, duration);
    LoadTrace trace = plain.trace();
    try {
      if (f.has("noise")) {
        Fields noise = f.object("noise");
        noise.rejectUnknown("fraction", "correlationSeconds");
        trace =
            RandomShapes.smoothNoise(
                trace,
                seed,
                duration,
                noise.nonNegative("fraction"),
                noise.integer("correlationSeconds", 1, 60));
      }
      if (f.has("bursts")) {
        Fields bursts = f.object("bursts");
        bursts.rejectUnknown("factor", "meanBurstSeconds", "meanGapSeconds");
        trace =
            RandomShapes.markovBursts(
                trace,
                seed,
                duration,
                bursts.positive("factor"),
                bursts.positive("meanBurstSeconds"),
                bursts.positive("meanGapSeconds"));
      }
    } catch (ScenarioException e) {
      throw e; // already names its field
    } catch (IllegalArgumentException e) {
      throw f.error(f.has("bursts") ? "bursts" : "noise", e.getMessage());
    }
    return new LoadSpec(trace, plain.poissonArrivals());
  }

  private static LoadSpec readPlainLoad(
      Fields f, ScenarioLocation location, long seed, int duration) {
    boolean poisson = f.bool("poissonArrivals", true);
    if (f.has("csv") == f.has("shape")) {
      throw f.error("shape", "set exactly one of shape (a built-in shape) or csv (a trace file)");
    }
    if (f.has("csv")) {
      f.rejectUnknown(
          "csv",
          "scale",
          "offsetSeconds",
          "speedup",
          "interpolation",
          "poissonArrivals",
          "noise",
          "bursts");
      String ref = f.string("csv");
      String interpolation = f.string("interpolation", "linear").toUpperCase(Locale.ROOT);
      if (!interpolation.equals("LINEAR") && !interpolation.equals("HOLD")) {
        throw f.error("interpolation", "expected linear or hold, got '" + interpolation + "'");
      }
      String text;
      try {
        text = location.readText(ref);
      } catch (ScenarioException e) {
        throw f.error("csv", e.getMessage());
      }
      try {
        return new LoadSpec(
            CsvLoadTrace.read(
                location.describe(ref),
                new StringReader(text),
                f.nonNegative("scale", 1),
                f.nonNegative("offsetSeconds", 0),
                f.positive("speedup", 1),
                CsvLoadTrace.Interpolation.valueOf(interpolation)),
            poisson);
      } catch (IOException | IllegalArgumentException e) {
        throw f.error("csv", e.getMessage());
      }
    }
    String shape = f.string("shape");
    if (!SHAPES.contains(shape)) {
      throw f.error("shape", "expected one of " + new TreeSet<>(SHAPES) + ", got '" + shape + "'");
    }
    try {
      return new LoadSpec(readShape(shape, f, seed, duration), poisson);
    } catch (ScenarioException e) {
      throw e; // already names its field
    } catch (IllegalArgumentException e) {
      throw f.error("shape", e.getMessage());
    }
  }

  private static void rejectUnknownLoad(Fields f, String... specific) {
    String[] known = new String[specific.length + 4];
    known[0] = "shape";
    known[1] = "poissonArrivals";
    known[2] = "noise";
    known[3] = "bursts";
    System.arraycopy(specific, 0, known, 4, specific.length);
    f.rejectUnknown(known);
  }

  private static LoadTrace readShape(String shape, Fields f, long seed, int duration) {
    switch (shape) {
      case "constant" -> {
        rejectUnknownLoad(f, "rps");
        return new ConstantLoad(f.nonNegative("rps"));
      }
      case "step" -> {
        rejectUnknownLoad(f, "fromRps", "toRps", "atSecond");
        return new StepLoad(
            f.nonNegative("fromRps"), f.nonNegative("toRps"), f.integer("atSecond", 0));
      }
      case "step3x" -> {
        rejectUnknownLoad(f, "baseRps", "atSecond");
        return StepLoad.tripling(f.nonNegative("baseRps"), f.integer("atSecond", 0));
      }
      case "spike" -> {
        rejectUnknownLoad(f, "baseRps", "peakRps", "startSecond", "durationSeconds");
        return new SpikeLoad(
            f.nonNegative("baseRps"),
            f.nonNegative("peakRps"),
            f.integer("startSecond", 0),
            f.integer("durationSeconds", 1));
      }
      case "diurnal" -> {
        rejectUnknownLoad(f, "minRps", "maxRps", "periodSeconds");
        double min = f.nonNegative("minRps");
        double max = f.nonNegative("maxRps");
        if (max < min) {
          throw f.error("maxRps", "expected maxRps >= minRps (" + min + "), got " + max);
        }
        return new DiurnalLoad(min, max, f.integer("periodSeconds", 1));
      }
      case "sawtooth" -> {
        rejectUnknownLoad(f, "minRps", "maxRps", "periodSeconds");
        return new SawtoothLoad(
            f.nonNegative("minRps"), f.nonNegative("maxRps"), f.integer("periodSeconds", 1));
      }
      case "steps" -> {
        rejectUnknownLoad(f, "initialRps", "steps");
        List<StepsLoad.Step> steps = new ArrayList<>();
        for (Fields step : f.objects("steps")) {
          step.rejectUnknown("atSecond", "rps");
          steps.add(new StepsLoad.Step(step.integer("atSecond", 0), step.nonNegative("rps")));
        }
        return new StepsLoad(f.nonNegative("initialRps"), steps);
      }
      case "flashCrowd" -> {
        rejectUnknownLoad(
            f, "baseRps", "peakRps", "startSecond", "riseSeconds", "holdSeconds", "fallSeconds");
        return new FlashCrowdLoad(
            f.nonNegative("baseRps"),
            f.nonNegative("peakRps"),
            f.integer("startSecond", 0),
            f.integer("riseSeconds", 1),
            f.integer("holdSeconds", 0),
            f.integer("fallSeconds", 1));
      }
      case "flap" -> {
        rejectUnknownLoad(f, "highRps", "lowRps", "halfPeriodSeconds");
        return new SquareWaveLoad(
            f.nonNegative("highRps"), f.nonNegative("lowRps"), f.integer("halfPeriodSeconds", 1));
      }
      case "randomWalk" -> {
        rejectUnknownLoad(
            f,
            "startRps",
            "minRps",
            "maxRps",
            "volatility",
            "burstsPerHour",
            "burstFactor",
            "burstSeconds");
        return RandomShapes.randomWalk(
            seed,
            duration,
            f.positive("startRps"),
            f.positive("minRps"),
            f.positive("maxRps"),
            f.nonNegative("volatility"),
            f.nonNegative("burstsPerHour", 0),
            f.positive("burstFactor", 1),
            f.integer("burstSeconds", 1, 30));
      }
      default -> {
        rejectUnknownLoad(f, "fromRps", "toRps", "overSeconds", "startSecond");
        return new RampLoad(
            f.nonNegative("fromRps"),
            f.nonNegative("toRps"),
            f.integer("startSecond", 0, 0),
            f.integer("overSeconds", 1));
      }
    }
  }

  private static ServiceSpec readService(Fields f) {
    f.rejectUnknown(
        "meanServiceSeconds",
        "serviceTimeCv",
        "startupSeconds",
        "startupJitterFraction",
        "memoryBaseBytes",
        "memoryBytesPerInFlight",
        "timeoutSeconds",
        "cpuRequest",
        "cpuLimit",
        "memoryRequest",
        "memoryLimit",
        "slowDependency");
    Optional<SlowDependency> slow =
        f.optionalObject("slowDependency")
            .map(
                d -> {
                  d.rejectUnknown("fromSecond", "toSecond", "addedSeconds");
                  int from = d.integer("fromSecond", 0);
                  int to = d.integer("toSecond", 0);
                  if (to <= from) {
                    throw d.error("toSecond", "expected > fromSecond (" + from + "), got " + to);
                  }
                  return new SlowDependency(from, to, d.nonNegative("addedSeconds"));
                });
    double jitter = f.nonNegative("startupJitterFraction", 0.1);
    if (jitter >= 1) {
      throw f.error("startupJitterFraction", "expected a fraction below 1, got " + jitter);
    }
    long cpuRequest = f.cpuMillis("cpuRequest");
    if (cpuRequest == 0) {
      throw f.error("cpuRequest", "expected more than 0 CPU");
    }
    long cpuLimit = f.cpuMillis("cpuLimit", 0);
    if (cpuLimit != 0 && cpuLimit < cpuRequest) {
      throw f.error("cpuLimit", "expected at least cpuRequest (" + cpuRequest + "m)");
    }
    long memoryRequest = f.bytes("memoryRequest");
    long memoryLimit = f.bytes("memoryLimit", 0);
    if (memoryLimit != 0 && memoryLimit < memoryRequest) {
      throw f.error("memoryLimit", "expected at least memoryRequest (" + memoryRequest + " bytes)");
    }
    ServiceParameters parameters =
        new ServiceParameters(
            f.positive("meanServiceSeconds"),
            f.nonNegative("serviceTimeCv", 1),
            f.integer("startupSeconds", 0),
            f.bytes("memoryBaseBytes"),
            f.bytes("memoryBytesPerInFlight"),
            f.positive("timeoutSeconds", ServiceParameters.DEFAULT_TIMEOUT_SECONDS),
            slow);
    return new ServiceSpec(
        parameters, new Resources(cpuRequest, cpuLimit, memoryRequest, memoryLimit), jitter);
  }

  /**
   * What runs the pods: a Deployment unless {@code workload.kind} says StatefulSet, whose {@code
   * podManagementPolicy} defaults to OrderedReady as in Kubernetes. A policy whose targetRef names
   * a kind must agree on whether it is a StatefulSet.
   */
  private static WorkloadKind readWorkload(
      Optional<Fields> optional, PerformancePolicySpec policy, Fields root) {
    WorkloadKind workload = WorkloadKind.DEPLOYMENT;
    if (optional.isPresent()) {
      Fields f = optional.get();
      f.rejectUnknown("kind", "podManagementPolicy");
      String kind = f.string("kind", "Deployment");
      switch (kind) {
        case "Deployment" -> {
          if (f.has("podManagementPolicy")) {
            throw f.error("podManagementPolicy", "applies to kind StatefulSet only");
          }
        }
        case "StatefulSet" -> {
          String management = f.string("podManagementPolicy", "OrderedReady");
          workload =
              switch (management) {
                case "OrderedReady" -> WorkloadKind.STATEFUL_SET_ORDERED_READY;
                case "Parallel" -> WorkloadKind.STATEFUL_SET_PARALLEL;
                default ->
                    throw f.error(
                        "podManagementPolicy",
                        "expected OrderedReady or Parallel, got '" + management + "'");
              };
        }
        default -> throw f.error("kind", "expected Deployment or StatefulSet, got '" + kind + "'");
      }
    }
    String targetKind = policy.targetRef() == null ? null : policy.targetRef().kind();
    boolean statefulSet = !workload.kind().equals("Deployment");
    if (targetKind != null
        && !targetKind.isEmpty()
        && targetKind.equals("StatefulSet") != statefulSet) {
      throw root.error(
          "workload.kind",
          "the policy's targetRef is a "
              + targetKind
              + " but the workload is a "
              + workload.kind()
              + (statefulSet ? "" : " (set workload.kind: StatefulSet)"));
    }
    return workload;
  }

  private static ObservationSettings readObservation(
      Optional<Fields> optional, Set<Double> quantiles, int duration) {
    ObservationSettings defaults = ObservationSettings.defaults(quantiles);
    if (optional.isEmpty()) {
      return defaults;
    }
    Fields f = optional.get();
    f.rejectUnknown(
        "scrapeIntervalSeconds",
        "scrapeOffsetSeconds",
        "rateWindowSeconds",
        "historyWindowSeconds",
        "latencyBucketsSeconds",
        "prometheusDownFromSecond",
        "prometheusDownToSecond");
    int scrape = f.integer("scrapeIntervalSeconds", 1, defaults.scrapeIntervalSeconds());
    int offset = f.integer("scrapeOffsetSeconds", 0, scrape / 2);
    if (offset >= scrape) {
      throw f.error("scrapeOffsetSeconds", "expected less than the scrape interval " + scrape);
    }
    int rateWindow = f.integer("rateWindowSeconds", 1, defaults.rateWindowSeconds());
    if (rateWindow < 2 * scrape) {
      throw f.error(
          "rateWindowSeconds",
          "expected at least two scrape intervals ("
              + 2 * scrape
              + " s), so rate() has two samples, got "
              + rateWindow);
    }
    int history = f.integer("historyWindowSeconds", 1, defaults.historyWindowSeconds());
    double[] buckets = defaults.latencyBucketsSeconds();
    if (f.has("latencyBucketsSeconds")) {
      buckets =
          f.numbers("latencyBucketsSeconds").stream().mapToDouble(Double::doubleValue).toArray();
      for (int i = 0; i < buckets.length; i++) {
        if (!(buckets[i] > 0) || (i > 0 && !(buckets[i] > buckets[i - 1]))) {
          throw f.error("latencyBucketsSeconds", "expected increasing bounds > 0");
        }
      }
    }
    Optional<ObservationSettings.DownWindow> down = Optional.empty();
    if (f.has("prometheusDownFromSecond") || f.has("prometheusDownToSecond")) {
      int from = f.integer("prometheusDownFromSecond", 0);
      int to = f.integer("prometheusDownToSecond", 0);
      if (to <= from || from >= duration) {
        throw f.error(
            "prometheusDownToSecond",
            "expected prometheusDownFromSecond < prometheusDownToSecond and a start within"
                + " durationSeconds, got "
                + from
                + ".."
                + to);
      }
      down = Optional.of(new ObservationSettings.DownWindow(from, to));
    }
    return new ObservationSettings(scrape, offset, rateWindow, history, buckets, quantiles, down);
  }

  private static HpaSettings readHpa(Optional<Fields> optional, PerformancePolicySpec policy) {
    int fallback =
        policy.budgets().cpu() != null && policy.budgets().cpu().targetUtilizationPercent() != null
            ? policy.budgets().cpu().targetUtilizationPercent()
            : HpaSettings.DEFAULT_TARGET_CPU_UTILIZATION_PERCENT;
    if (optional.isEmpty()) {
      return new HpaSettings(fallback);
    }
    Fields f = optional.get();
    f.rejectUnknown("targetCpuUtilizationPercent");
    return new HpaSettings(f.integer("targetCpuUtilizationPercent", 1, fallback));
  }

  /**
   * KEDA's trigger: as the scenario sets it, else derived from the policy (its first percentile
   * budget, its per-replica throughput, its average latency), else none — KEDA is then not run and
   * the report says why.
   */
  private static Optional<KedaSettings> readKeda(
      Optional<Fields> optional, PerformancePolicySpec policy, Fields root) {
    Optional<LatencyBudget> percentile = latencyBudget(policy, LatencyStatistic.Percentile);
    Optional<LatencyBudget> average = latencyBudget(policy, LatencyStatistic.Average);
    Double perReplica =
        policy.budgets().throughput() == null
            ? null
            : policy.budgets().throughput().requestsPerSecondPerReplica();
    KedaSettings.Metric defaultMetric =
        percentile.isPresent()
            ? KedaSettings.Metric.latency
            : perReplica != null
                ? KedaSettings.Metric.requestRate
                : average.isPresent() ? KedaSettings.Metric.averageLatency : null;
    Fields f = optional.orElse(null);
    if (f != null) {
      f.rejectUnknown("metric", "threshold", "quantile");
    }
    KedaSettings.Metric metric = defaultMetric;
    if (f != null && f.has("metric")) {
      String text = f.string("metric");
      try {
        metric = KedaSettings.Metric.valueOf(text);
      } catch (IllegalArgumentException e) {
        throw f.error(
            "metric", "expected requestRate, latency or averageLatency, got '" + text + "'");
      }
    }
    if (metric == null) {
      if (f != null) {
        throw root.error(
            "keda.metric",
            "is required: the policy has no latency budget nor"
                + " throughput.requestsPerSecondPerReplica to derive a trigger from");
      }
      return Optional.empty();
    }
    if (metric != KedaSettings.Metric.latency && f != null && f.has("quantile")) {
      throw f.error("quantile", "applies to metric latency only, not " + metric);
    }
    return Optional.of(
        switch (metric) {
          case requestRate -> requestRateTrigger(f, perReplica, root);
          case averageLatency -> averageLatencyTrigger(f, average, root);
          case latency -> latencyTrigger(f, percentile, root);
        });
  }

  private static Optional<LatencyBudget> latencyBudget(
      PerformancePolicySpec policy, LatencyStatistic statistic) {
    return policy.budgets().latency() == null
        ? Optional.empty()
        : policy.budgets().latency().stream().filter(b -> statisticOf(b) == statistic).findFirst();
  }

  private static KedaSettings requestRateTrigger(Fields f, Double perReplica, Fields root) {
    if (perReplica == null && (f == null || !f.has("threshold"))) {
      throw root.error(
          "keda.threshold",
          "is required for requestRate when the policy has no"
              + " throughput.requestsPerSecondPerReplica");
    }
    double threshold = f != null && f.has("threshold") ? f.positive("threshold") : perReplica;
    return new KedaSettings(KedaSettings.Metric.requestRate, threshold, Double.NaN);
  }

  private static KedaSettings averageLatencyTrigger(
      Fields f, Optional<LatencyBudget> average, Fields root) {
    if (average.isEmpty() && (f == null || !f.has("threshold"))) {
      throw root.error(
          "keda.threshold", "is required for averageLatency: the policy has no average budget");
    }
    double threshold =
        f != null && f.has("threshold")
            ? f.positive("threshold")
            : PolicyBudgets.seconds(average.get().target());
    return new KedaSettings(KedaSettings.Metric.averageLatency, threshold, Double.NaN);
  }

  private static KedaSettings latencyTrigger(
      Fields f, Optional<LatencyBudget> percentile, Fields root) {
    double defaultQuantile = percentile.map(LatencyBudget::percentile).orElse(0.95);
    double defaultThreshold =
        percentile.map(b -> PolicyBudgets.seconds(b.target())).orElse(Double.NaN);
    double quantile = f != null ? f.positive("quantile", defaultQuantile) : defaultQuantile;
    if (quantile >= 1) {
      throw f.error("quantile", "expected a fraction strictly between 0 and 1, got " + quantile);
    }
    if (Double.isNaN(defaultThreshold) && (f == null || !f.has("threshold"))) {
      throw root.error(
          "keda.threshold", "is required: the policy has no latency percentile budget");
    }
    double threshold = f != null ? f.positive("threshold", defaultThreshold) : defaultThreshold;
    return new KedaSettings(KedaSettings.Metric.latency, threshold, quantile);
  }

  static LatencyStatistic statisticOf(LatencyBudget budget) {
    return budget.statistic() == null ? LatencyStatistic.Percentile : budget.statistic();
  }

  /** The latency quantiles anyone will ask Prometheus for: the policy's and KEDA's. */
  static Set<Double> quantilesOf(PerformancePolicySpec policy, Optional<KedaSettings> keda) {
    Set<Double> quantiles = new TreeSet<>();
    if (policy.budgets().latency() != null) {
      for (LatencyBudget budget : policy.budgets().latency()) {
        if (statisticOf(budget) == LatencyStatistic.Percentile && budget.percentile() != null) {
          quantiles.add(budget.percentile());
        }
      }
    }
    if (keda.isPresent() && keda.get().metric() == KedaSettings.Metric.latency) {
      quantiles.add(keda.get().quantile());
    }
    return quantiles;
  }
}
