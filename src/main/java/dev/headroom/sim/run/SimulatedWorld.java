package dev.headroom.sim.run;

import dev.headroom.sim.ControlAction;
import dev.headroom.sim.Observation;
import dev.headroom.sim.PodView;
import dev.headroom.sim.Resources;
import dev.headroom.sim.ScalingEvent;
import dev.headroom.sim.Timeline;
import dev.headroom.sim.cluster.ContainerCounters;
import dev.headroom.sim.cluster.Pod;
import dev.headroom.sim.cluster.Workload;
import dev.headroom.sim.load.LoadTrace;
import dev.headroom.sim.model.PodStep;
import dev.headroom.sim.model.ServiceModel;
import dev.headroom.sim.observe.ObservationSettings;
import dev.headroom.sim.observe.SimClock;
import dev.headroom.sim.observe.SimulatedPrometheus;
import dev.headroom.sim.scenario.Scenario;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * One controller's private copy of a scenario: trace, service model, workload and monitoring,
 * stepped one second at a time. Two worlds built from the same scenario see the same arrivals and
 * the same start-up times for their n-th pod, whatever their controllers do.
 */
public final class SimulatedWorld {
  /** A ceiling on spec.replicas (the CRD's own maximum), so a runaway controller stays bounded. */
  public static final int MAX_REPLICAS = 10_000;

  private static final int OOM_HISTORY = 100;
  private static final double CFS_PERIODS_PER_SECOND = 10;

  private final Scenario scenario;
  private final LoadTrace trace;
  private final ServiceModel model;
  private final Workload workload;
  private final SimulatedPrometheus prometheus;
  private final ContainerCounters ingress;
  private final Arrivals arrivals;
  private final BudgetMeter meter;
  private final ServingCapacity capacity;
  private final double[] bucketBounds;
  private final int duration;

  private final double[] loadRps;
  private final int[] specReplicas;
  private final int[] readyReplicas;
  private final int[] pods;
  private final double[] cpuRequestCores;
  private final double[] memoryRequestGiB;
  private final double[][] budgetValues;

  public SimulatedWorld(Scenario scenario) {
    this.scenario = scenario;
    this.trace = scenario.load().trace();
    this.model = new ServiceModel(scenario.service().parameters());
    SplittableRandom root = new SplittableRandom(scenario.seed());
    this.arrivals = new Arrivals(root.split(), scenario.load().poissonArrivals());
    ObservationSettings observation = scenario.observation();
    this.workload =
        Workload.of(
            scenario.workload(),
            scenario.service().initialResources(),
            scenario.initialReplicas(),
            new Workload.PodStartup(
                scenario.service().parameters().startupSeconds(),
                scenario.service().startupJitterFraction(),
                root.split()),
            model.idleWorkingSetBytes(),
            observation.histogramBuckets());
    this.prometheus = new SimulatedPrometheus(observation);
    this.ingress = new ContainerCounters(observation.histogramBuckets());
    this.meter = new BudgetMeter(scenario.policy());
    this.capacity =
        ServingCapacity.needed(meter.budgets())
            ? ServingCapacity.of(scenario.policy(), meter.budgets(), model)
            : null;
    this.bucketBounds = observation.latencyBucketsSeconds();
    this.duration = scenario.durationSeconds();
    this.loadRps = new double[duration];
    this.specReplicas = new int[duration];
    this.readyReplicas = new int[duration];
    this.pods = new int[duration];
    this.cpuRequestCores = new double[duration];
    this.memoryRequestGiB = new double[duration];
    this.budgetValues = new double[meter.budgets().size()][duration];
  }

  /** The workload: a Deployment, or a StatefulSet when the scenario says so. */
  public Workload workload() {
    return workload;
  }

  /** Serves one second of load, records its true values, and lets the monitoring sample. */
  public void step(int second) {
    double offered = arrivals.sample(trace.rpsAt(second));
    workload.reconcile(second);
    List<Pod> ready = workload.readyPods();
    TrueSecond truth = new TrueSecond();
    truth.arrivals = offered;
    if (ready.isEmpty()) {
      // No endpoints: the ingress answers 503 to everything.
      ingress.add(0, offered, 0, new double[bucketBounds.length + 1], 0, 0, 0);
      truth.failed += offered;
    } else {
      serve(second, ready, offered / ready.size(), truth);
    }
    for (Pod pod : workload.pods()) {
      if (!pod.ready()) {
        truth.seeMemory(pod.workingSetBytes());
      }
    }
    if (capacity != null) {
      double added = model.parameters().addedDependencySecondsAt(second);
      truth.capacityRps = 0;
      for (Pod pod : ready) {
        truth.capacityRps += capacity.perPodRps(pod.resources(), added);
      }
    }
    record(second, ready.size(), truth);
    prometheus.maybeScrape(second, workload.pods(), ingress);
    if (second % ObservationSettings.METRICS_SERVER_RESOLUTION_SECONDS == 0) {
      workload.takeCpuSamples(second, ObservationSettings.METRICS_SERVER_RESOLUTION_SECONDS);
    }
  }

  private record StepKey(Resources resources, double backlog) {}

  private record Served(PodStep step, double[] cumulativeBuckets) {}

  private void serve(int second, List<Pod> ready, double share, TrueSecond truth) {
    // Pods with the same resources and backlog behave the same: compute each case once.
    Map<StepKey, Served> cases = new HashMap<>();
    double timeout = model.parameters().timeoutSeconds();
    for (Pod pod : ready) {
      Served served =
          cases.computeIfAbsent(
              new StepKey(pod.resources(), pod.backlogRequests()),
              key -> {
                PodStep step = model.step(key.resources(), share, key.backlog(), second);
                return new Served(step, step.cumulativeBuckets(bucketBounds, timeout));
              });
      PodStep step = served.step();
      if (step.oomKilled()) {
        workload.oomKill(pod, second);
        ingress.add(0, step.failed(), 0, new double[bucketBounds.length + 1], 0, 0, 0);
        truth.failed += step.failed();
        truth.seeMemory(step.workingSetBytes());
        continue;
      }
      pod.recordSecond(step.backlogAfter(), step.workingSetBytes());
      double periods = pod.resources().cpuLimitMillis() > 0 ? CFS_PERIODS_PER_SECOND : 0;
      double latencySum =
          step.latency() == null ? 0 : step.succeeded() * step.latency().meanSeconds();
      pod.counters()
          .add(
              step.succeeded(),
              step.failed(),
              latencySum,
              served.cumulativeBuckets(),
              step.cpuCores(),
              periods,
              periods * step.cpuThrottledRatio());
      if (step.latency() != null) {
        truth.latency.add(step.latency(), step.succeeded());
      }
      truth.succeeded += step.succeeded();
      truth.failed += step.failed();
      truth.addReadyPod(
          step.cpuCores(),
          pod.resources().cpuRequestMillis() / 1000.0,
          step.workingSetBytes(),
          pod.resources().memoryRequestBytes());
    }
  }

  private void record(int second, int readyCount, TrueSecond truth) {
    loadRps[second] = truth.arrivals;
    specReplicas[second] = workload.specReplicas();
    readyReplicas[second] = readyCount;
    List<Pod> existing = workload.pods();
    pods[second] = existing.size();
    double cpu = 0;
    double memory = 0;
    for (Pod pod : existing) {
      cpu += pod.resources().cpuRequestMillis() / 1000.0;
      memory += pod.resources().memoryRequestBytes() / (double) (1L << 30);
    }
    cpuRequestCores[second] = cpu;
    memoryRequestGiB[second] = memory;
    double[] values = meter.measure(truth);
    for (int i = 0; i < values.length; i++) {
      budgetValues[i][second] = values[i];
    }
  }

  /** What a controller evaluating at {@code second} can see. */
  public Observation observe(int second) {
    Instant now = SimClock.instant(second);
    List<PodView> views = new ArrayList<>();
    for (Pod pod : workload.pods()) {
      views.add(
          new PodView(
              pod.name(),
              SimClock.instant(pod.createdSecond()),
              pod.ready(),
              pod.lastReadySinceSecond() < 0 ? null : SimClock.instant(pod.lastReadySinceSecond()),
              pod.cpuSampleCores(),
              pod.cpuSampleAtSecond() < 0 ? null : SimClock.instant(pod.cpuSampleAtSecond()),
              pod.workingSetBytes(),
              pod.restarts()));
    }
    List<Integer> kills = workload.oomKillSeconds();
    List<Instant> oomKills =
        kills.subList(Math.max(0, kills.size() - OOM_HISTORY), kills.size()).stream()
            .map(SimClock::instant)
            .toList();
    return new Observation(
        now,
        workload.specReplicas(),
        List.copyOf(views),
        workload.template(),
        prometheus.query(second, now),
        oomKills,
        workload.kind());
  }

  /** Applies a controller's answer; returns the event when it changed anything. */
  public Optional<ScalingEvent> apply(ControlAction action, int second) {
    int before = workload.specReplicas();
    int replicas = Math.max(0, Math.min(action.replicas(), MAX_REPLICAS));
    boolean resourcesChanged =
        action.resources() != null
            && action.resources().isPresent()
            && !action.resources().get().equals(workload.template());
    if (resourcesChanged) {
      workload.updateResources(action.resources().get());
    }
    workload.scale(replicas);
    if (replicas == before && !resourcesChanged) {
      return Optional.empty();
    }
    String note = action.note() == null ? "" : action.note();
    return Optional.of(new ScalingEvent(second, before, replicas, resourcesChanged, note));
  }

  public Timeline timeline() {
    Map<String, double[]> values = new LinkedHashMap<>();
    for (int i = 0; i < budgetValues.length; i++) {
      values.put(meter.budgets().get(i).name(), budgetValues[i].clone());
    }
    return new Timeline(
        loadRps.clone(),
        specReplicas.clone(),
        readyReplicas.clone(),
        pods.clone(),
        cpuRequestCores.clone(),
        memoryRequestGiB.clone(),
        values);
  }

  public Scenario scenario() {
    return scenario;
  }

  public int durationSeconds() {
    return duration;
  }
}
