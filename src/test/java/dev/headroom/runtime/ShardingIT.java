package dev.headroom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.reconciler.Shard;
import dev.headroom.testing.cluster.Cluster;
import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.cluster.RealCluster;
import dev.headroom.testing.cluster.TestNamespace;
import dev.headroom.testing.env.ManagedProcess;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.env.ProcessExited;
import dev.headroom.testing.fixtures.TestObjects;
import dev.headroom.testing.process.ChildOperator;
import dev.headroom.testing.process.EvaluationLog;
import dev.headroom.testing.prometheus.PrometheusServer;
import dev.headroom.testing.prometheus.RealPrometheus;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 18's sharding on the real apiserver: 3,000 policies (each on its own Deployment) split
 * across three shards of {@code headroom run}, each its own JVM. Shard 1 runs two replicas, a
 * leader and a standby on the shard's Lease; shards 0 and 2 one each. Every process logs each
 * evaluation (the reconciler's DEBUG line, see {@code child-operator-logback.xml}); the test reads
 * who evaluated which policy when:
 *
 * <ul>
 *   <li>every policy is evaluated, by the processes of its own shard only ({@link Shard#of});
 *   <li>no policy is evaluated twice within half an interval, by any two processes or one;
 *   <li>shard 1's leader is killed (SIGKILL, no release): its standby takes the shard's Lease
 *       within the lease duration (and retries, and slack for a loaded machine) and evaluates every
 *       one of the shard's policies again: a policy whose slot fell in the takeover at once, none
 *       unevaluated longer than its interval plus the takeover, except those whose slot fell so
 *       close to the kill that the standby cannot tell whether the leader evaluated it (they wait
 *       for their next slot).
 * </ul>
 *
 * Without sharding every process would evaluate every policy: the first two fail at once.
 */
@RealCluster
@RealPrometheus
class ShardingIT {
  private static final Path CRD = Path.of("crds/performancepolicies.headroom.dev.yaml");
  private static final int POLICIES = 3000;
  private static final int NAMESPACES = 6;
  private static final int SHARDS = 3;
  private static final int STANDBY_SHARD = 1;
  private static final Duration INTERVAL = Duration.ofSeconds(15);
  private static final String LEASE = "headroom-sharding-it";
  private static final Duration LEASE_DURATION = Duration.ofSeconds(4);
  private static final Duration RENEW_DEADLINE = Duration.ofSeconds(3);
  private static final Duration RETRY_PERIOD = Duration.ofSeconds(1);
  private static final Duration WAIT = Duration.ofMinutes(4);

  /** For a machine that also runs the apiserver, etcd, Prometheus and four JVMs on two cores. */
  private static final Duration SLACK = Duration.ofSeconds(10);

  private final List<ManagedProcess> processes = new ArrayList<>();
  private final List<String> namespaces = new ArrayList<>();

  record Evaluation(Instant at, String process, String policy) {}

  @AfterEach
  void cleanUp() {
    processes.forEach(p -> p.stop(Duration.ofSeconds(5)));
  }

  @Test
  void eachPolicyIsEvaluatedByItsShardAloneAndAKilledShardIsTakenOver(
      KubernetesClient client, Cluster cluster, TestNamespace leases, PrometheusServer prometheus)
      throws Exception {
    CrdInstaller.install(client, CRD);
    try {
      Map<String, ManagedProcess> byName = new LinkedHashMap<>();
      for (int shard = 0; shard < SHARDS; shard++) {
        byName.put("shard-" + shard + "-a", start(cluster, prometheus, leases.name(), shard, "a"));
      }
      byName.put(
          "shard-" + STANDBY_SHARD + "-b",
          start(cluster, prometheus, leases.name(), STANDBY_SHARD, "b"));
      for (int shard = 0; shard < SHARDS; shard++) {
        int s = shard;
        Poll.until(
            WAIT,
            "shard " + shard + " to elect its replica",
            () -> {
              byName.values().forEach(ShardingIT::requireAlive);
              return holder(client, leases.name(), s).isPresent();
            });
      }
      String leader = holder(client, leases.name(), STANDBY_SHARD).orElseThrow();
      String standby =
          leader.equals("shard-" + STANDBY_SHARD + "-a")
              ? "shard-" + STANDBY_SHARD + "-b"
              : "shard-" + STANDBY_SHARD + "-a";

      long createStarted = System.nanoTime();
      Map<String, Integer> shardOf = createPolicies(client, leases.name());
      System.err.printf(
          "[ShardingIT] %d policies and Deployments in %d namespaces created in %d s%n",
          POLICIES, NAMESPACES, (System.nanoTime() - createStarted) / 1_000_000_000);
      Poll.until(
          WAIT,
          "every policy's first evaluation",
          () -> {
            byName.values().forEach(ShardingIT::requireAlive);
            return evaluatedPolicies(byName).size() == POLICIES;
          });
      // Steady: from here each policy is evaluated on its grid, once an interval.
      Thread.sleep(INTERVAL.toMillis());
      Instant steadyFrom = Instant.now();
      Thread.sleep(INTERVAL.multipliedBy(2).toMillis());

      Instant killedAt = Instant.now();
      ProcessHandle.of(byName.get(leader).pid()).ifPresent(ProcessHandle::destroyForcibly);
      long killed = System.nanoTime();
      Poll.until(
          WAIT,
          "the standby to take shard " + STANDBY_SHARD + "'s Lease",
          () -> holder(client, leases.name(), STANDBY_SHARD).equals(Optional.of(standby)));
      Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
      assertThat(takeover)
          .as("the standby's takeover of shard %d's Lease", STANDBY_SHARD)
          .isLessThanOrEqualTo(LEASE_DURATION.plus(RETRY_PERIOD.multipliedBy(2)).plus(SLACK));
      Thread.sleep(INTERVAL.multipliedBy(2).plus(LEASE_DURATION).toMillis());
      Instant until = Instant.now();

      List<Evaluation> all = evaluations(byName);
      assertOwnShardOnly(all, shardOf);
      assertNoPolicyTwiceWithinHalfAnInterval(all, steadyFrom);
      assertEveryPolicyEvaluatedBetween(all, shardOf, steadyFrom, killedAt);
      assertThat(all)
          .as("the standby's evaluations while the leader held the Lease")
          .filteredOn(e -> e.process().equals(standby) && e.at().isBefore(killedAt))
          .isEmpty();
      Duration worst = assertTakenOver(all, shardOf, leader, standby, killedAt, until);
      System.err.printf(
          "[ShardingIT] %d evaluations by %s; Lease taken %d ms after the SIGKILL (lease %d s);"
              + " longest gap of a shard-%d policy across the takeover %d ms (interval %d s)%n",
          all.size(),
          all.stream()
              .collect(
                  Collectors.groupingBy(Evaluation::process, TreeMap::new, Collectors.counting())),
          takeover.toMillis(),
          LEASE_DURATION.toSeconds(),
          STANDBY_SHARD,
          worst.toMillis(),
          INTERVAL.toSeconds());
    } finally {
      deletePolicies(client);
    }
  }

  private ManagedProcess start(
      Cluster cluster,
      PrometheusServer prometheus,
      String leaseNamespace,
      int shard,
      String replica)
      throws IOException {
    String identity = "shard-" + shard + "-" + replica;
    ManagedProcess process =
        ChildOperator.start(
            "ShardingIT-" + identity,
            cluster.kubeconfig(),
            List.of("-Xmx384m", EvaluationLog.LOGGING),
            List.of(
                "--http-port=0",
                "--prometheus-url=" + prometheus.baseUrl(),
                "--shards=" + SHARDS,
                "--shard-index=" + shard),
            ChildOperator.leaderElection(
                LEASE, leaseNamespace, identity, LEASE_DURATION, RENEW_DEADLINE, RETRY_PERIOD));
    processes.add(process);
    return process;
  }

  private static void requireAlive(ManagedProcess process) {
    if (!process.isAlive()) {
      throw new ProcessExited(process.name() + " exited:\n" + process.logTail(30));
    }
  }

  private static Optional<String> holder(KubernetesClient client, String ns, int shard) {
    Lease lease =
        client.resources(Lease.class).inNamespace(ns).withName(LEASE + "-shard-" + shard).get();
    return Optional.ofNullable(lease)
        .map(Lease::getSpec)
        .map(spec -> spec.getHolderIdentity())
        .filter(h -> !h.isEmpty());
  }

  /** Creates the policies, each on a Deployment of its own; returns each policy's shard. */
  private Map<String, Integer> createPolicies(KubernetesClient client, String base)
      throws Exception {
    for (int n = 0; n < NAMESPACES; n++) {
      String ns = base + "-p" + n;
      client
          .namespaces()
          .resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build())
          .create();
      namespaces.add(ns);
    }
    Map<String, Integer> shardOf = new HashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < POLICIES; i++) {
        String ns = namespaces.get(i % NAMESPACES);
        String name = "web-" + i;
        shardOf.put(ns + "/" + name, Shard.of(ns, name, SHARDS));
        done.add(
            pool.submit(
                () -> {
                  client.resource(TestObjects.deployment(ns, name, 1, "64Mi", Map.of())).create();
                  client.resource(TestObjects.policy(ns, name, name, INTERVAL)).create();
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
    return shardOf;
  }

  /**
   * No namespace controller runs on this control plane: a deleted namespace keeps its objects, and
   * an operator of a later test that watches every namespace would find 3,000 policies.
   */
  private void deletePolicies(KubernetesClient client) {
    for (String ns : namespaces) {
      client.resources(PerformancePolicy.class).inNamespace(ns).delete();
      client.apps().deployments().inNamespace(ns).delete();
      client.namespaces().withName(ns).delete();
    }
  }

  private static Set<String> evaluatedPolicies(Map<String, ManagedProcess> processes) {
    return evaluations(processes).stream().map(Evaluation::policy).collect(Collectors.toSet());
  }

  private static List<Evaluation> evaluations(Map<String, ManagedProcess> processes) {
    List<Evaluation> all = new ArrayList<>();
    processes.forEach(
        (name, process) ->
            EvaluationLog.evaluations(process.log())
                .forEach(e -> all.add(new Evaluation(e.at(), name, e.policy()))));
    return all;
  }

  private static int shardOfProcess(String process) {
    return Integer.parseInt(process.split("-")[1]);
  }

  private static void assertOwnShardOnly(List<Evaluation> all, Map<String, Integer> shardOf) {
    assertThat(all)
        .as("evaluations by a process of another shard than the policy's")
        .filteredOn(e -> shardOfProcess(e.process()) != shardOf.get(e.policy()))
        .isEmpty();
  }

  private static void assertNoPolicyTwiceWithinHalfAnInterval(List<Evaluation> all, Instant from) {
    Map<String, List<Evaluation>> byPolicy =
        all.stream()
            .filter(e -> !e.at().isBefore(from))
            .sorted((a, b) -> a.at().compareTo(b.at()))
            .collect(Collectors.groupingBy(Evaluation::policy));
    List<String> doubled = new ArrayList<>();
    byPolicy.forEach(
        (policy, evaluations) -> {
          for (int i = 1; i < evaluations.size(); i++) {
            Duration gap = Duration.between(evaluations.get(i - 1).at(), evaluations.get(i).at());
            if (gap.compareTo(INTERVAL.dividedBy(2)) < 0) {
              doubled.add(evaluations.get(i - 1) + " then " + evaluations.get(i));
            }
          }
        });
    assertThat(doubled).as("policies evaluated twice within half an interval").isEmpty();
  }

  private static void assertEveryPolicyEvaluatedBetween(
      List<Evaluation> all, Map<String, Integer> shardOf, Instant from, Instant to) {
    Set<String> evaluated =
        all.stream()
            .filter(e -> !e.at().isBefore(from) && e.at().isBefore(to))
            .map(Evaluation::policy)
            .collect(Collectors.toSet());
    assertThat(shardOf.keySet())
        .as("policies not evaluated in two steady intervals")
        .allMatch(evaluated::contains);
  }

  /** Returns the longest gap of a shard-1 policy between the leader's last and the standby's. */
  private static Duration assertTakenOver(
      List<Evaluation> all,
      Map<String, Integer> shardOf,
      String leader,
      String standby,
      Instant killedAt,
      Instant until) {
    Map<String, Instant> lastByLeader = new HashMap<>();
    Map<String, Instant> firstByStandby = new HashMap<>();
    for (Evaluation e : all) {
      if (e.process().equals(leader)) {
        lastByLeader.merge(e.policy(), e.at(), (a, b) -> a.isAfter(b) ? a : b);
      } else if (e.process().equals(standby)) {
        firstByStandby.merge(e.policy(), e.at(), (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    List<String> shard =
        shardOf.entrySet().stream()
            .filter(e -> e.getValue() == STANDBY_SHARD)
            .map(Map.Entry::getKey)
            .toList();
    assertThat(shard)
        .as("shard %d's policies the standby never evaluated by %s", STANDBY_SHARD, until)
        .allMatch(firstByStandby::containsKey);
    // A slot that fell after the kill is evaluated by the standby once it leads, at once
    // (LeaseHistory): within the interval and the takeover. The standby cannot tell a slot in the
    // first two retry periods after the last renewal it saw from one the leader still evaluated,
    // and leaves those to their next slot rather than evaluate them twice.
    Duration caughtUp =
        INTERVAL.plus(LEASE_DURATION).plus(RETRY_PERIOD.multipliedBy(2)).plus(SLACK);
    Duration uncertain = RETRY_PERIOD.multipliedBy(3);
    Duration worst = Duration.ZERO;
    List<String> late = new ArrayList<>();
    int waited = 0;
    for (String policy : shard) {
      Instant last = lastByLeader.getOrDefault(policy, killedAt);
      Duration gap = Duration.between(last, firstByStandby.get(policy));
      worst = gap.compareTo(worst) > 0 ? gap : worst;
      boolean slotInDoubt = !last.plus(INTERVAL).isAfter(killedAt.plus(uncertain));
      Duration bound = slotInDoubt ? caughtUp.plus(INTERVAL) : caughtUp;
      waited += gap.compareTo(caughtUp) > 0 ? 1 : 0;
      if (gap.compareTo(bound) > 0) {
        late.add(policy + " " + gap.toMillis() + " ms after " + last);
      }
    }
    assertThat(late)
        .as("shard %d's policies unevaluated too long across the takeover", STANDBY_SHARD)
        .isEmpty();
    System.err.printf(
        "[ShardingIT] of shard %d's %d policies, %d waited for their next slot%n",
        STANDBY_SHARD, shard.size(), waited);
    return worst;
  }
}
