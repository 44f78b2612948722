package dev.headroom.testing.nodes;

import dev.headroom.testing.env.Poll;
import dev.headroom.testing.process.CgroupUsage;
import dev.headroom.testing.process.Cgroups;
import dev.headroom.testing.process.PodNetwork;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeDaemonEndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What kwok does, in the tests' own code: kubelets without containers. It registers Nodes with
 * capacity, keeps them Ready (status heartbeats and node Leases), and moves each pod the scheduler
 * binds to them to Running and Ready after a start-up delay, with container statuses and a pod IP,
 * so Deployments on the local control plane reach {@code readyReplicas == replicas}. A container
 * whose memory limit is below what the {@link WorkloadMemoryModel} says it uses is OOM-killed and
 * restarted every {@code oomRestartInterval} and never becomes Ready. Pods being deleted are
 * removed at once, as a kubelet does after their containers stopped.
 *
 * <p>The node lifecycle controller is off on the local control plane, so nothing removes the
 * not-ready taint the TaintNodesByCondition admission plugin puts on new Nodes: the agent does.
 *
 * <p>Addresses are in 127.0.0.0/8: nothing should ever connect to a fake pod, and if something
 * does, it stays on this machine.
 *
 * <p>{@link #serveResourceMetrics} opens each node's kubelet port on its address, with the
 * resource-metrics endpoint metrics-server scrapes ({@link ResourceMetrics}); the port goes into
 * the node's {@code status.daemonEndpoints}, where metrics-server looks for it.
 */
public final class FakeNodeAgent implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FakeNodeAgent.class);
  private static final String LEASE_NAMESPACE = "kube-node-lease";
  private static final Duration TICK = Duration.ofMillis(200);
  private static final Duration RETRY = Duration.ofSeconds(2);

  /**
   * How the fake nodes look and behave.
   *
   * @param namePrefix nodes are {@code <prefix>-0}, {@code <prefix>-1}, …
   * @param nodes how many
   * @param cpu each node's CPU capacity (a quantity)
   * @param memory each node's memory capacity (a quantity)
   * @param maxPods each node's pod capacity
   * @param startupDelay from binding to Running, as image pull and start would take
   * @param oomRestartInterval how long an over-limit container lives between OOM kills
   * @param heartbeatInterval how often node status and Leases are renewed
   * @param memoryModel what each container uses
   */
  public record Options(
      String namePrefix,
      int nodes,
      String cpu,
      String memory,
      int maxPods,
      Duration startupDelay,
      Duration oomRestartInterval,
      Duration heartbeatInterval,
      WorkloadMemoryModel memoryModel) {
    public static Options defaults() {
      return new Options(
          "fake-node",
          2,
          "8",
          "32Gi",
          110,
          Duration.ofSeconds(1),
          Duration.ofSeconds(2),
          Duration.ofSeconds(10),
          WorkloadMemoryModel.fromAnnotations());
    }

    public Options withStartupDelay(Duration delay) {
      return new Options(
          namePrefix,
          nodes,
          cpu,
          memory,
          maxPods,
          delay,
          oomRestartInterval,
          heartbeatInterval,
          memoryModel);
    }

    public Options withMemoryModel(WorkloadMemoryModel model) {
      return new Options(
          namePrefix,
          nodes,
          cpu,
          memory,
          maxPods,
          startupDelay,
          oomRestartInterval,
          heartbeatInterval,
          model);
    }

    public Options withNodes(String prefix, int count) {
      return new Options(
          prefix,
          count,
          cpu,
          memory,
          maxPods,
          startupDelay,
          oomRestartInterval,
          heartbeatInterval,
          memoryModel);
    }
  }

  private final KubernetesClient client;
  private final Options options;
  private final Map<String, String> hostIps; // node name -> its address
  private final Map<String, Integer> podIpCounters = new HashMap<>();
  private final Map<String, PodRun> runs = new ConcurrentHashMap<>(); // by pod uid
  private final Map<String, Instant> lastAttempt = new HashMap<>(); // by pod uid
  private final List<Registered<WorkloadMemoryModel>> memoryModels = new CopyOnWriteArrayList<>();
  private final List<Registered<WorkloadCpuModel>> cpuModels = new CopyOnWriteArrayList<>();
  private final Map<String, KubeletEndpoint> kubelets = new ConcurrentHashMap<>(); // by node
  private final Map<String, Double> nodeCpuSeconds = new ConcurrentHashMap<>(); // by node
  private final Instant startedAt = Instant.now();
  private final Map<String, ProcessPod> processPods = new ConcurrentHashMap<>(); // by pod uid
  private Cgroups cgroups; // set: containers are real processes (see startWithProcesses)
  private Path processLogs;
  private final ScheduledExecutorService loop;
  private SharedIndexInformer<Pod> pods;

  private FakeNodeAgent(KubernetesClient client, Options options) {
    this.client = client;
    this.options = options;
    this.hostIps = new HashMap<>();
    for (int i = 0; i < options.nodes(); i++) {
      hostIps.put(options.namePrefix() + "-" + i, "127.0.10." + (i + 1));
    }
    this.loop =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "fake-node-agent");
              t.setDaemon(true);
              return t;
            });
  }

  /** Registers the nodes, starts the loops and returns once every node is Ready and untainted. */
  public static FakeNodeAgent start(KubernetesClient client, Options options) {
    return start(new FakeNodeAgent(client, options));
  }

  /**
   * Process-backed nodes: every container runs as a local process in its own cgroup ({@link
   * ProcessPod}), its image mapped to a program by {@link ImageTable}, its logs in {@code logs}.
   * The memory model plays no part: the kernel decides OOM kills.
   */
  public static FakeNodeAgent startWithProcesses(
      KubernetesClient client, Options options, Cgroups cgroups, Path logs) {
    PodNetwork.ensure();
    FakeNodeAgent agent = new FakeNodeAgent(client, options);
    agent.cgroups = cgroups;
    agent.processLogs = logs;
    return start(agent);
  }

  private static FakeNodeAgent start(FakeNodeAgent agent) {
    agent.register();
    agent.pods = agent.client.pods().inAnyNamespace().inform();
    agent.loop.scheduleWithFixedDelay(
        agent.guarded("pods", agent::tick), 0, TICK.toMillis(), TimeUnit.MILLISECONDS);
    agent.loop.scheduleWithFixedDelay(
        agent.guarded("heartbeat", agent::heartbeat),
        0,
        agent.options.heartbeatInterval().toMillis(),
        TimeUnit.MILLISECONDS);
    Poll.until(
        Duration.ofSeconds(60),
        "fake nodes " + agent.nodeNames() + " to be Ready and schedulable",
        agent::nodesReady);
    return agent;
  }

  public List<String> nodeNames() {
    return hostIps.keySet().stream().sorted().toList();
  }

  public Options options() {
    return options;
  }

  /**
   * Serves each node's {@code /metrics/resource} over TLS on its address and publishes the port in
   * the node's status; idempotent.
   */
  public synchronized void serveResourceMetrics(KubeletEndpoint.Tls tls) {
    for (String node : nodeNames()) {
      kubelets.computeIfAbsent(
          node,
          name ->
              KubeletEndpoint.serve(
                  hostIps.get(name),
                  tls,
                  Map.of(
                      "/metrics/resource",
                      () -> resourceMetrics(name),
                      "/metrics/cadvisor",
                      () -> cadvisorMetrics(name))));
    }
    // On the loop's thread, so it cannot race the scheduled heartbeat's status update.
    loop.execute(guarded("heartbeat", this::heartbeat));
    Poll.until(
        Duration.ofSeconds(30),
        "fake nodes " + nodeNames() + " to publish their kubelet ports",
        () ->
            nodeNames().stream()
                .allMatch(
                    name -> {
                      Node node = client.nodes().withName(name).get();
                      return node != null
                          && node.getStatus().getDaemonEndpoints() != null
                          && node.getStatus().getDaemonEndpoints().getKubeletEndpoint() != null
                          && kubeletPort(name)
                              .equals(
                                  Optional.ofNullable(
                                      node.getStatus()
                                          .getDaemonEndpoints()
                                          .getKubeletEndpoint()
                                          .getPort()));
                    }));
  }

  /** The kubelet port of {@code node}, once {@link #serveResourceMetrics} opened it. */
  public Optional<Integer> kubeletPort(String node) {
    return Optional.ofNullable(kubelets.get(node)).map(KubeletEndpoint::port);
  }

  private String resourceMetrics(String node) {
    List<ResourceMetrics.RunningPod> running = new ArrayList<>();
    for (Pod pod : pods.getStore().list()) {
      ProcessPod processPod = processPods.get(pod.getMetadata().getUid());
      PodRun run =
          processPod == null ? runs.get(pod.getMetadata().getUid()) : processPod.run().orElse(null);
      if (node.equals(pod.getSpec().getNodeName())
          && pod.getMetadata().getDeletionTimestamp() == null
          && run != null
          && run.started().isPresent()) {
        running.add(new ResourceMetrics.RunningPod(pod, run));
      }
    }
    WorkloadCpuModel cpu =
        (pod, container) ->
            processUsage(pod, container)
                .map(usage -> OptionalDouble.of(usage.cpuSeconds()))
                .orElseGet(() -> registeredCpu(pod, container));
    WorkloadMemoryModel memory =
        (pod, container) ->
            processUsage(pod, container)
                .map(usage -> new Quantity(Long.toString(usage.workingSetBytes())))
                .or(() -> memoryModel().usage(pod, container));
    return ResourceMetrics.render(
        running,
        cpu,
        memory,
        startedAt,
        Instant.now(),
        sum -> nodeCpuSeconds.merge(node, sum, Math::max));
  }

  /**
   * What the kubelet's cAdvisor says of the process-backed containers on {@code node}, from their
   * cgroups; nothing for fake pods, whose workloads expose their own series.
   */
  private String cadvisorMetrics(String node) {
    List<CadvisorMetrics.Container> containers = new ArrayList<>();
    for (Pod pod : pods.getStore().list()) {
      ProcessPod processPod = processPods.get(pod.getMetadata().getUid());
      if (processPod == null || !node.equals(pod.getSpec().getNodeName())) {
        continue;
      }
      for (Container container : pod.getSpec().getContainers()) {
        ProcessContainer running = processPod.containers().get(container.getName());
        if (running != null && running.running()) {
          containers.add(
              new CadvisorMetrics.Container(
                  pod, container, running.usage(), ProcessContainer.limits(container)));
        }
      }
    }
    return CadvisorMetrics.render(containers, Instant.now());
  }

  /** The cgroup counters of a container on a process-backed node. */
  private Optional<CgroupUsage> processUsage(Pod pod, Container container) {
    return Optional.ofNullable(processPods.get(pod.getMetadata().getUid()))
        .map(p -> p.containers().get(container.getName()))
        .filter(ProcessContainer::running)
        .map(ProcessContainer::usage);
  }

  private OptionalDouble registeredCpu(Pod pod, Container container) {
    return registered(cpuModels, pod)
        .map(model -> model.cpuSecondsTotal(pod, container))
        .filter(OptionalDouble::isPresent)
        .findFirst()
        .orElse(OptionalDouble.empty());
  }

  /** Stops the loops and deletes the nodes, so the scheduler does not bind pods to dead nodes. */
  @Override
  public void close() {
    loop.shutdownNow();
    kubelets.values().forEach(KubeletEndpoint::close);
    processPods.values().forEach(ProcessPod::close);
    processPods.clear();
    if (pods != null) {
      pods.close();
    }
    for (String name : nodeNames()) {
      try {
        client.nodes().withName(name).delete();
      } catch (KubernetesClientException e) {
        LOG.debug("deleting fake node {}: {}", name, e.getMessage());
      }
    }
  }

  private void register() {
    Instant now = now();
    for (var node : hostIps.entrySet()) {
      client
          .nodes()
          .resource(FakeNodes.node(node.getKey(), node.getValue(), options, cgroups != null, now))
          .createOr(NonDeletingOperation::update);
    }
  }

  private boolean nodesReady() {
    for (String name : nodeNames()) {
      Node node = client.nodes().withName(name).get();
      if (node == null || FakeNodes.hasNotReadyTaint(node) || !ready(node)) {
        return false;
      }
    }
    return true;
  }

  private static boolean ready(Node node) {
    return node.getStatus() != null
        && node.getStatus().getConditions() != null
        && node.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** Node status and Lease renewal; removes the not-ready taint once the node says Ready. */
  private void heartbeat() {
    Instant now = now();
    for (String name : nodeNames()) {
      Node node = client.nodes().withName(name).get();
      if (node == null) {
        node = FakeNodes.node(name, hostIps.get(name), options, cgroups != null, now);
        node = client.nodes().resource(node).create();
      }
      node.getStatus().setConditions(keepTransitionTimes(node, FakeNodes.conditions(now)));
      KubeletEndpoint kubelet = kubelets.get(name);
      if (kubelet != null) {
        node.getStatus()
            .setDaemonEndpoints(
                new NodeDaemonEndpointsBuilder().withNewKubeletEndpoint(kubelet.port()).build());
      }
      client.nodes().resource(node).updateStatus();
      if (FakeNodes.hasNotReadyTaint(client.nodes().withName(name).get())) {
        client
            .nodes()
            .withName(name)
            .edit(
                n -> {
                  n.getSpec()
                      .setTaints(
                          FakeNodes.taints(n).stream()
                              .filter(t -> !FakeNodes.NOT_READY_TAINT.equals(t.getKey()))
                              .toList());
                  return n;
                });
      }
      renewLease(name, now);
    }
  }

  private static List<NodeCondition> keepTransitionTimes(Node node, List<NodeCondition> fresh) {
    List<NodeCondition> old =
        node.getStatus().getConditions() == null ? List.of() : node.getStatus().getConditions();
    for (NodeCondition c : fresh) {
      old.stream()
          .filter(o -> c.getType().equals(o.getType()) && c.getStatus().equals(o.getStatus()))
          .findFirst()
          .ifPresent(o -> c.setLastTransitionTime(o.getLastTransitionTime()));
    }
    return fresh;
  }

  private void renewLease(String node, Instant now) {
    Lease lease =
        new LeaseBuilder()
            .withNewMetadata()
            .withName(node)
            .withNamespace(LEASE_NAMESPACE)
            .endMetadata()
            .withNewSpec()
            .withHolderIdentity(node)
            .withLeaseDurationSeconds(40)
            .withRenewTime(now.atZone(ZoneOffset.UTC))
            .endSpec()
            .build();
    try {
      client
          .leases()
          .inNamespace(LEASE_NAMESPACE)
          .resource(lease)
          .createOr(NonDeletingOperation::update);
    } catch (KubernetesClientException e) {
      // Nothing on the local control plane reads node Leases (no node lifecycle controller); a
      // missed renewal must not stop the pod loop.
      LOG.debug("renewing lease of {}: {}", node, e.getMessage());
    }
  }

  /** One pass over the pods bound to our nodes. */
  private void tick() {
    Instant now = now();
    Set<String> present = new HashSet<>();
    for (Pod pod : pods.getStore().list()) {
      String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
      if (node == null || !hostIps.containsKey(node)) {
        continue;
      }
      String uid = pod.getMetadata().getUid();
      present.add(uid);
      if (pod.getMetadata().getDeletionTimestamp() != null) {
        remove(pod, uid, now);
      } else {
        advance(pod, uid, node, now);
      }
    }
    runs.keySet().retainAll(present);
    lastAttempt.keySet().retainAll(present);
    for (String uid : List.copyOf(processPods.keySet())) {
      if (!present.contains(uid)) {
        processPods.remove(uid).close();
      }
    }
  }

  /** A kubelet deletes a terminating pod for good once its containers stopped; ours never ran. */
  private void remove(Pod pod, String uid, Instant now) {
    ProcessPod processes = processPods.remove(uid);
    if (processes != null) {
      processes.close(); // its containers stop before the pod is gone, as a kubelet's do
    }
    if (!due(uid, now)) {
      return;
    }
    client
        .pods()
        .inNamespace(pod.getMetadata().getNamespace())
        .withName(pod.getMetadata().getName())
        .withGracePeriod(0)
        .delete();
  }

  private void advance(Pod pod, String uid, String node, Instant now) {
    if (cgroups != null) {
      advanceProcesses(pod, uid, node, now);
      return;
    }
    PodRun run = runs.computeIfAbsent(uid, u -> PodRun.seen(now));
    Set<String> oom = oomKilled(pod);
    PodRun next = run;
    if (run.started().isEmpty()) {
      if (now.isBefore(run.seen().plus(options.startupDelay()))) {
        return;
      }
      next = PodStatuses.start(pod, run, now, nextPodIp(node));
    } else {
      Set<String> killedNow = new HashSet<>();
      for (String name : oom) {
        var container = run.containers().get(name);
        if (container != null
            && !now.isBefore(container.startedAt().plus(options.oomRestartInterval()))) {
          killedNow.add(name);
        }
      }
      if (!killedNow.isEmpty()) {
        next = PodStatuses.restart(run, killedNow, now);
      } else if (("Running".equals(phase(pod))
              && ready(pod) == oom.isEmpty()
              && !PodStatuses.resizePending(pod, allocatable()))
          || !due(uid, now)) {
        // The apiserver has what we last wrote (or a write is in flight). A container the model
        // no longer finds over its limit (its load moved elsewhere) is Ready again, as a
        // restarted container that survives its start is.
        return;
      }
    }
    Pod updated =
        new PodBuilder(pod)
            .withStatus(PodStatuses.status(pod, next, oom, hostIps.get(node), allocatable()))
            .build();
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(updated).updateStatus();
      runs.put(uid, next);
      lastAttempt.put(uid, now);
    } catch (KubernetesClientException e) {
      // 409: our informer's copy is older than the apiserver's; the next tick has a newer one.
      // 404: the pod is gone.
      if (e.getCode() != 409 && e.getCode() != 404) {
        throw e;
      }
    }
  }

  /** A pod on a process-backed node: start, watch and report its real containers. */
  private void advanceProcesses(Pod pod, String uid, String node, Instant now) {
    PodRun seen = runs.computeIfAbsent(uid, u -> PodRun.seen(now));
    ProcessPod processes = processPods.get(uid);
    if (processes == null) {
      if (now.isBefore(seen.seen().plus(options.startupDelay()))) {
        return;
      }
      processes = new ProcessPod(pod, nextPodIp(node), cgroups, processLogs, now);
      processPods.put(uid, processes);
    }
    processes.sync(pod, now);
    var status = processes.status(pod, hostIps.get(node));
    if (ProcessPod.signature(status).equals(ProcessPod.signature(pod.getStatus()))
        || !due(uid, now)) {
      return;
    }
    try {
      client
          .pods()
          .inNamespace(pod.getMetadata().getNamespace())
          .resource(new PodBuilder(pod).withStatus(status).build())
          .updateStatus();
    } catch (KubernetesClientException e) {
      if (e.getCode() != 409 && e.getCode() != 404) {
        throw e;
      }
    }
  }

  /**
   * Makes {@code model} say what the containers of {@code namespace}'s pods use, in place of the
   * agent's own model, until the result is closed: a test's workload (e.g. one driven by the
   * simulator's service model) decides which of its containers the kernel kills.
   */
  public AutoCloseable useMemoryModel(String namespace, WorkloadMemoryModel model) {
    return register(memoryModels, namespace, model);
  }

  /**
   * Makes {@code model} say how much CPU the containers of {@code namespace}'s pods used, as their
   * kubelet reports it, until the result is closed.
   */
  public AutoCloseable useCpuModel(String namespace, WorkloadCpuModel model) {
    return register(cpuModels, namespace, model);
  }

  /** A model a test plugged in for one namespace's pods. */
  private record Registered<M>(String namespace, M model) {}

  private static <M> AutoCloseable register(List<Registered<M>> models, String namespace, M model) {
    Registered<M> registered = new Registered<>(namespace, model);
    models.add(registered);
    return () -> models.remove(registered);
  }

  private static <M> java.util.stream.Stream<M> registered(List<Registered<M>> models, Pod pod) {
    return models.stream()
        .filter(r -> r.namespace().equals(pod.getMetadata().getNamespace()))
        .map(Registered::model);
  }

  /** Whether the pod's Ready condition is True. */
  public static boolean ready(Pod pod) {
    return pod.getStatus() != null
        && pod.getStatus().getConditions() != null
        && pod.getStatus().getConditions().stream()
            .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /**
   * The first model registered for the pod's namespace that speaks for the container, else the
   * agent's own: several workloads may share a namespace, each answering for its own pods.
   */
  private WorkloadMemoryModel memoryModel() {
    return (pod, container) ->
        registered(memoryModels, pod)
            .map(model -> model.usage(pod, container))
            .flatMap(Optional::stream)
            .findFirst()
            .or(() -> options.memoryModel().usage(pod, container));
  }

  private Set<String> oomKilled(Pod pod) {
    WorkloadMemoryModel model = memoryModel();
    return pod.getSpec().getContainers().stream()
        .filter(c -> model.oomKilled(pod, c))
        .map(Container::getName)
        .collect(Collectors.toSet());
  }

  private boolean due(String uid, Instant now) {
    Instant last = lastAttempt.get(uid);
    if (last != null && now.isBefore(last.plus(RETRY))) {
      return false;
    }
    lastAttempt.put(uid, now);
    return true;
  }

  /** What each fake node offers its pods (capacity and allocatable are the same). */
  private Map<String, Quantity> allocatable() {
    return Map.of("cpu", new Quantity(options.cpu()), "memory", new Quantity(options.memory()));
  }

  private String nextPodIp(String node) {
    int nodeIndex = new ArrayList<>(nodeNames()).indexOf(node);
    int n = podIpCounters.merge(node, 1, Integer::sum);
    if (cgroups != null) {
      return PodNetwork.address(nodeIndex, n); // bound for real, and listed in EndpointSlices
    }
    return "127." + (20 + nodeIndex) + "." + (n / 250) + "." + (n % 250 + 1);
  }

  private static String phase(Pod pod) {
    return pod.getStatus() == null ? null : pod.getStatus().getPhase();
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.SECONDS);
  }

  /** A failing pass is logged and retried on the next tick; it must not end the schedule. */
  private Runnable guarded(String what, Runnable action) {
    return () -> {
      try {
        action.run();
      } catch (RuntimeException e) {
        LOG.warn("fake-node agent {} pass failed: {}", what, e.toString());
      }
    };
  }
}
