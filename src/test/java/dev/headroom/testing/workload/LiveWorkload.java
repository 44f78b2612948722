package dev.headroom.testing.workload;

import dev.headroom.sim.Resources;
import dev.headroom.sim.cluster.ContainerCounters;
import dev.headroom.sim.model.LatencyMixture;
import dev.headroom.sim.model.PodStep;
import dev.headroom.sim.model.ServiceModel;
import dev.headroom.sim.model.ServiceParameters;
import dev.headroom.testing.nodes.FakeNodeAgent;
import dev.headroom.testing.nodes.WorkloadCpuModel;
import dev.headroom.testing.nodes.WorkloadMemoryModel;
import dev.headroom.testing.prometheus.ExpositionWriter;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service that is not there: the simulator's {@link ServiceModel}, driven by the pods a real
 * Deployment has. Every second it splits the offered load over the target's pods that are Ready (as
 * a Service's endpoints would), steps each pod's queue with the resources its spec gives it, and
 * adds the outcome to that pod's counters. {@link #exposition()} is what the pods and their
 * kubelet's cAdvisor would show Prometheus: a Micrometer-named latency histogram per pod, and
 * {@code container_cpu_usage_seconds_total}, {@code container_memory_working_set_bytes} and the CFS
 * counters per container. {@link #memoryModel()} tells the fake nodes each container's working set,
 * so a container whose limit is below what the model says it holds is OOM-killed.
 *
 * <p>One model, two clocks: the simulator steps it in simulated seconds, this class in wall-clock
 * seconds against the cluster's real state, so what the simulator claims can be compared with what
 * the operator does on a cluster.
 */
public final class LiveWorkload implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LiveWorkload.class);

  /** Finer than the Prometheus client's defaults around the budgets the tests set. */
  public static final double[] BUCKETS_SECONDS = {
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 10, 30
  };

  private static final double CFS_PERIODS_PER_SECOND = 10;

  /**
   * What to simulate.
   *
   * @param namespace the target's namespace
   * @param deployment the target Deployment, whose pods carry {@code app=<deployment>}
   * @param container the container that serves (and whose resources count)
   * @param service how the service behaves
   * @param initialRps the offered load at start, requests per second
   */
  public record Spec(
      String namespace,
      String deployment,
      String container,
      ServiceParameters service,
      double initialRps) {}

  /**
   * One served second, as the simulator's budget meter sees a simulated one: the latency of the
   * requests that succeeded, over every Ready pod.
   *
   * @param at when the second ended
   * @param offeredRps the load offered in it
   * @param runningPods pods whose containers ran (what the cluster pays for)
   * @param readyPods pods that took requests
   * @param succeeded requests answered
   * @param failed requests that timed out or were refused
   * @param p95Seconds the 95th percentile latency of the succeeded requests; NaN when none
   */
  public record Second(
      Instant at,
      double offeredRps,
      int runningPods,
      int readyPods,
      double succeeded,
      double failed,
      double p95Seconds) {}

  /** One pod as the workload sees it: its counters since its container last started. */
  private static final class PodState {
    final String name;
    ContainerCounters counters = new ContainerCounters(BUCKETS_SECONDS.length + 1);
    double failed;
    double backlog;
    long workingSetBytes;
    int restarts;

    PodState(String name, long idleWorkingSetBytes) {
      this.name = name;
      this.workingSetBytes = idleWorkingSetBytes;
    }

    void restarted(int restartCount, long idleWorkingSetBytes) {
      restarts = restartCount;
      counters = new ContainerCounters(BUCKETS_SECONDS.length + 1);
      failed = 0;
      backlog = 0;
      workingSetBytes = idleWorkingSetBytes;
    }
  }

  private final Spec spec;
  private final ServiceModel model;
  private final SharedIndexInformer<Pod> pods;
  private final ScheduledExecutorService ticker;
  private final Map<String, PodState> states = new ConcurrentHashMap<>();
  private final long startedNanos = System.nanoTime();
  private volatile double offeredRps;
  private volatile String exposition = "";
  // Appended every second and read once at the end: not a copy-on-write list.
  private final List<Second> history = new ArrayList<>();
  private int second;

  private LiveWorkload(Spec spec, SharedIndexInformer<Pod> pods) {
    this.spec = spec;
    this.model = new ServiceModel(spec.service());
    this.pods = pods;
    this.offeredRps = spec.initialRps();
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "live-workload-" + spec.deployment());
              t.setDaemon(true);
              return t;
            });
  }

  /** Starts watching the target's pods and serving one second of load every second. */
  public static LiveWorkload start(KubernetesClient client, Spec spec) {
    SharedIndexInformer<Pod> pods =
        client.pods().inNamespace(spec.namespace()).withLabel("app", spec.deployment()).inform();
    LiveWorkload workload = new LiveWorkload(spec, pods);
    workload.ticker.scheduleAtFixedRate(workload::tickSafely, 1, 1, TimeUnit.SECONDS);
    return workload;
  }

  /** Changes the offered load from the next second on. */
  public void offer(double rps) {
    if (!(rps >= 0)) {
      throw new IllegalArgumentException("a load is >= 0 requests per second: " + rps);
    }
    LOG.info("{}: offered load {} -> {} req/s", spec.deployment(), offeredRps, rps);
    offeredRps = rps;
  }

  public double offeredRps() {
    return offeredRps;
  }

  public double secondsSinceStart() {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  /** The Prometheus text format of every pod's counters, as of the last second served. */
  public String exposition() {
    return exposition;
  }

  /**
   * What the fake nodes should believe this workload's containers use: the working set the model
   * gave each pod in its last second, and an idle container's for pods it has not served yet.
   */
  public WorkloadMemoryModel memoryModel() {
    return (pod, container) -> {
      if (!serves(pod, container)) {
        return Optional.empty();
      }
      PodState state = states.get(pod.getMetadata().getName());
      long bytes = state == null ? model.idleWorkingSetBytes() : state.workingSetBytes;
      return Optional.of(new Quantity(Long.toString(bytes)));
    };
  }

  /**
   * What the fake nodes' kubelets should report as each container's CPU seconds: the same counter
   * {@link #exposition()} gives Prometheus, so the HPA (through metrics-server) and Headroom read
   * one truth.
   */
  public WorkloadCpuModel cpuModel() {
    return (pod, container) -> {
      if (!serves(pod, container)) {
        return OptionalDouble.empty();
      }
      PodState state = states.get(pod.getMetadata().getName());
      return OptionalDouble.of(state == null ? 0 : state.counters.cpuSeconds());
    };
  }

  /** Whether this is the serving container of one of this workload's pods. */
  private boolean serves(Pod pod, Container container) {
    var labels = pod.getMetadata().getLabels();
    return container.getName().equals(spec.container())
        && labels != null
        && spec.deployment().equals(labels.get("app"));
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      // One bad second must not stop the workload: the scheduler would drop every later tick.
      LOG.warn("{}: a simulated second failed", spec.deployment(), e);
    }
  }

  private synchronized void tick() {
    List<Pod> running = new ArrayList<>();
    for (Pod pod : pods.getStore().list()) {
      if (pod.getMetadata().getDeletionTimestamp() == null && running(pod)) {
        running.add(pod);
      }
    }
    running.sort(Comparator.comparing(p -> p.getMetadata().getName()));
    states.keySet().retainAll(running.stream().map(p -> p.getMetadata().getName()).toList());
    List<Pod> ready = running.stream().filter(FakeNodeAgent::ready).toList();
    double offered = offeredRps;
    double share = ready.isEmpty() ? 0 : offered / ready.size();
    LatencyMixture latency = new LatencyMixture();
    double succeeded = 0;
    double failed = ready.isEmpty() ? offered : 0;
    for (Pod pod : running) {
      PodState state =
          states.computeIfAbsent(
              pod.getMetadata().getName(), name -> new PodState(name, model.idleWorkingSetBytes()));
      int restarts = restarts(pod);
      if (restarts != state.restarts) {
        state.restarted(restarts, model.idleWorkingSetBytes());
      }
      if (FakeNodeAgent.ready(pod)) {
        PodStep step = serve(state, resources(pod), share);
        if (step.latency() != null) {
          latency.add(step.latency(), step.succeeded());
        }
        succeeded += step.succeeded();
        failed += step.failed();
      } else {
        state.workingSetBytes = model.idleWorkingSetBytes();
      }
    }
    second++;
    exposition = render(running);
    Second served =
        new Second(
            Instant.now(),
            offered,
            running.size(),
            ready.size(),
            succeeded,
            failed,
            latency.quantileSeconds(0.95));
    synchronized (history) {
      history.add(served);
    }
  }

  /** Every second served so far, oldest first. */
  public List<Second> history() {
    synchronized (history) {
      return List.copyOf(history);
    }
  }

  private PodStep serve(PodState state, Resources resources, double arrivals) {
    PodStep step = model.step(resources, arrivals, state.backlog, second);
    state.workingSetBytes = step.workingSetBytes();
    if (step.oomKilled()) {
      // The kernel's verdict is the fake node's to give (through memoryModel()); until it restarts
      // the container, the requests it held are lost.
      state.failed += step.failed();
      state.backlog = 0;
      return step;
    }
    state.backlog = step.backlogAfter();
    state.failed += step.failed();
    double timeout = spec.service().timeoutSeconds();
    double latencySum =
        step.latency() == null ? 0 : step.succeeded() * step.latency().meanSeconds();
    double periods = resources.cpuLimitMillis() > 0 ? CFS_PERIODS_PER_SECOND : 0;
    state.counters.add(
        step.succeeded(),
        step.failed(),
        latencySum,
        step.cumulativeBuckets(BUCKETS_SECONDS, timeout),
        step.cpuCores(),
        periods,
        periods * step.cpuThrottledRatio());
    return step;
  }

  private String render(List<Pod> running) {
    ExpositionWriter out = new ExpositionWriter();
    out.type("http_server_requests_seconds", "histogram");
    for (Pod pod : running) {
      PodState state = states.get(pod.getMetadata().getName());
      Map<String, String> ok = podLabels(pod, "200");
      double[] buckets = state.counters.bucketCounts();
      for (int i = 0; i < BUCKETS_SECONDS.length; i++) {
        out.sample("http_server_requests_seconds_bucket", ok, "le", BUCKETS_SECONDS[i], buckets[i]);
      }
      double succeeded = buckets[BUCKETS_SECONDS.length];
      out.sample("http_server_requests_seconds_bucket", ok, "le", "+Inf", succeeded);
      out.sample("http_server_requests_seconds_count", ok, succeeded);
      out.sample("http_server_requests_seconds_sum", ok, state.counters.latencySumSeconds());
      // Failures took the whole timeout (or were refused by a full queue) and are answered 503.
      Map<String, String> failed = podLabels(pod, "503");
      for (double bound : BUCKETS_SECONDS) {
        double upTo = bound >= spec.service().timeoutSeconds() ? state.failed : 0;
        out.sample("http_server_requests_seconds_bucket", failed, "le", bound, upTo);
      }
      out.sample("http_server_requests_seconds_bucket", failed, "le", "+Inf", state.failed);
      out.sample("http_server_requests_seconds_count", failed, state.failed);
      out.sample(
          "http_server_requests_seconds_sum",
          failed,
          state.failed * spec.service().timeoutSeconds());
    }
    out.type("container_cpu_usage_seconds_total", "counter");
    for (Pod pod : running) {
      out.sample(
          "container_cpu_usage_seconds_total",
          containerLabels(pod),
          states.get(pod.getMetadata().getName()).counters.cpuSeconds());
    }
    out.type("container_memory_working_set_bytes", "gauge");
    for (Pod pod : running) {
      out.sample(
          "container_memory_working_set_bytes",
          containerLabels(pod),
          states.get(pod.getMetadata().getName()).workingSetBytes);
    }
    out.type("container_cpu_cfs_periods_total", "counter");
    for (Pod pod : running) {
      out.sample(
          "container_cpu_cfs_periods_total",
          containerLabels(pod),
          states.get(pod.getMetadata().getName()).counters.cfsPeriods());
    }
    out.type("container_cpu_cfs_throttled_periods_total", "counter");
    for (Pod pod : running) {
      out.sample(
          "container_cpu_cfs_throttled_periods_total",
          containerLabels(pod),
          states.get(pod.getMetadata().getName()).counters.cfsThrottledPeriods());
    }
    return out.toString();
  }

  private Map<String, String> podLabels(Pod pod, String status) {
    return Map.of(
        "namespace", spec.namespace(), "pod", pod.getMetadata().getName(), "status", status);
  }

  private Map<String, String> containerLabels(Pod pod) {
    return Map.of(
        "namespace",
        spec.namespace(),
        "pod",
        pod.getMetadata().getName(),
        "container",
        spec.container());
  }

  private static boolean running(Pod pod) {
    return pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase());
  }

  private int restarts(Pod pod) {
    if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
      return 0;
    }
    return pod.getStatus().getContainerStatuses().stream()
        .filter(s -> spec.container().equals(s.getName()))
        .map(ContainerStatus::getRestartCount)
        .filter(java.util.Objects::nonNull)
        .findFirst()
        .orElse(0);
  }

  /** The container's resources as the pod's spec gives them (what its cgroup would enforce). */
  Resources resources(Pod pod) {
    Container container =
        pod.getSpec().getContainers().stream()
            .filter(c -> spec.container().equals(c.getName()))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        pod.getMetadata().getName() + " has no container " + spec.container()));
    var resources = container.getResources();
    Map<String, Quantity> requests =
        resources == null || resources.getRequests() == null ? Map.of() : resources.getRequests();
    Map<String, Quantity> limits =
        resources == null || resources.getLimits() == null ? Map.of() : resources.getLimits();
    return new Resources(
        millis(requests.get("cpu")),
        millis(limits.get("cpu")),
        bytes(requests.get("memory")),
        bytes(limits.get("memory")));
  }

  private static long millis(Quantity cpu) {
    return cpu == null
        ? 0
        : Quantity.getAmountInBytes(cpu).multiply(BigDecimal.valueOf(1000)).longValue();
  }

  private static long bytes(Quantity memory) {
    return memory == null ? 0 : Quantity.getAmountInBytes(memory).longValue();
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    pods.close();
  }
}
