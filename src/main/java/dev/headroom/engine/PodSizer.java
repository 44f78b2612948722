package dev.headroom.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The least-cost pod size: for each candidate CPU size of the pod's main container, the fewest
 * replicas the queueing model says meet every latency budget at the load now, priced by the
 * policy's core-hour and GiB-hour prices. Replicas and pod size are chosen together, in one
 * decision, so a vertical and a horizontal controller never undo each other.
 *
 * <p>Bigger pods queue better (more cores serve one queue) and cost more each; which wins is a
 * matter of the model and the prices, not a rule. A pod-size change restarts every pod, so it is
 * only proposed in a steady state with every budget met, when the rollout interval allows, and when
 * it saves at least the policy's minimum change.
 */
final class PodSizer {
  /** The pod sizes considered, in millicores: quarter and half cores, then whole cores. */
  static final long[] LADDER_MILLIS = {250, 500, 1000, 2000, 3000, 4000, 6000, 8000, 12000, 16000};

  /** How far from today's size one decision may go, as a factor either way. */
  static final long REACH = 4;

  record Choice(
      Map<String, ContainerResources> resources, double coresPerPod, int replicas, String reason) {}

  private PodSizer() {}

  /**
   * A cheaper pod size and the replicas for it, or empty to keep the current size.
   *
   * @param resources the resources the rest of the decision arrived at
   * @param load the request rate to plan for
   */
  static Optional<Choice> choose(
      EngineInput input,
      EngineConfig config,
      CapacityEstimate capacity,
      Map<String, ContainerResources> resources,
      double load) {
    ResourceRules rules = input.policy().resources();
    List<Budget> latency =
        input.policy().budgets().stream().filter(b -> b.kind().isLatency()).toList();
    if (rules.mode() == ResourceMode.OFF || latency.isEmpty() || !capacity.known() || load <= 0) {
      return Optional.empty();
    }
    Optional<Map.Entry<String, ContainerResources>> main =
        resources.entrySet().stream()
            .max((a, b) -> Double.compare(a.getValue().usableCores(), b.getValue().usableCores()));
    if (main.isEmpty() || main.get().getValue().usableCores() <= 0) {
      return Optional.empty();
    }
    String name = main.get().getKey();
    ContainerResources now = main.get().getValue();
    double otherCores =
        resources.values().stream().mapToDouble(ContainerResources::usableCores).sum()
            - now.usableCores();
    var horizontal = new HorizontalRecommender(input, config, capacity, Optional.empty(), 0);
    Sized current = size(input, config, horizontal, latency, resources, load, otherCores, now);
    if (current.replicas() > input.policy().maxReplicas()) {
      return Optional.empty();
    }
    Sized best = current;
    for (ContainerResources candidate : candidates(now, rules.boundsFor(name), rules.mode())) {
      Map<String, ContainerResources> with = new LinkedHashMap<>(resources);
      with.put(name, candidate);
      Sized sized = size(input, config, horizontal, latency, with, load, otherCores, candidate);
      if (sized.replicas() <= input.policy().maxReplicas()
          && sized.replicas() >= input.policy().minReplicas()
          && sized.costPerHour() < best.costPerHour()) {
        best = sized;
      }
    }
    double saving = 1 - best.costPerHour() / current.costPerHour();
    if (best == current || saving < rules.minChangeRatio()) {
      return Optional.empty();
    }
    Map<String, ContainerResources> chosen = new LinkedHashMap<>(resources);
    chosen.put(name, best.container());
    return Optional.of(
        new Choice(
            chosen,
            best.container().usableCores() + otherCores,
            best.replicas(),
            String.format(
                Locale.ROOT,
                "%s: %dm CPU x %s meets the latency budgets at %.1f rps for %.0f%% less"
                    + " than %dm x %d (%.4f vs %.4f per hour)",
                name,
                best.container().cpuLimitMillis() > 0
                    ? best.container().cpuLimitMillis()
                    : best.container().cpuRequestMillis(),
                Units.replicas(best.replicas()),
                load,
                saving * 100,
                now.cpuLimitMillis() > 0 ? now.cpuLimitMillis() : now.cpuRequestMillis(),
                current.replicas(),
                best.costPerHour(),
                current.costPerHour())));
  }

  private record Sized(ContainerResources container, int replicas, double costPerHour) {}

  private static Sized size(
      EngineInput input,
      EngineConfig config,
      HorizontalRecommender horizontal,
      List<Budget> latency,
      Map<String, ContainerResources> resources,
      double load,
      double otherCores,
      ContainerResources main) {
    double cores = main.usableCores() + otherCores;
    int max = input.policy().maxReplicas();
    int replicas = horizontal.fewestWithUtilization(load, cores, max);
    for (Budget budget : latency) {
      replicas =
          Math.max(
              replicas,
              horizontal.fewestMeeting(budget, budget.aim(config.headroom()), load, cores, max));
    }
    replicas = Math.max(replicas, input.policy().minReplicas());
    long cpuMillis =
        resources.values().stream().mapToLong(ContainerResources::cpuRequestMillis).sum();
    long memoryBytes =
        resources.values().stream().mapToLong(ContainerResources::memoryRequestBytes).sum();
    return new Sized(
        main, replicas, replicas * input.policy().prices().perPodHour(cpuMillis, memoryBytes));
  }

  /**
   * The sizes on {@link #LADDER_MILLIS} within the bounds and within a factor of {@link #REACH} of
   * today's. A fixed ladder, not factors of today's size, so that sizes do not drift by small steps
   * from one rollout to the next. Setting limits, the request equals the limit: the latency model
   * counts on those cores, so they are reserved and paid for, not borrowed from the node. Setting
   * requests only, the limit keeps its ratio to the request.
   */
  static List<ContainerResources> candidates(
      ContainerResources now, ResourceBounds bounds, ResourceMode mode) {
    List<ContainerResources> out = new ArrayList<>();
    long base =
        mode == ResourceMode.REQUESTS_AND_LIMITS
            ? Math.round(now.usableCores() * 1000)
            : now.cpuRequestMillis();
    for (long millis : LADDER_MILLIS) {
      if (millis * REACH < base || millis > base * REACH) {
        continue;
      }
      long request = bounds.clampCpu(millis);
      long limit;
      if (mode == ResourceMode.REQUESTS_AND_LIMITS) {
        limit = now.cpuLimitMillis() == 0 ? 0 : request;
      } else {
        limit =
            now.cpuLimitMillis() == 0
                ? 0
                : bounds.capCpu(
                    Math.max(request, Math.round((double) now.cpuLimitMillis() / base * request)));
      }
      ContainerResources candidate =
          new ContainerResources(request, limit, now.memoryRequestBytes(), now.memoryLimitBytes());
      if (!candidate.equals(now) && !out.contains(candidate)) {
        out.add(candidate);
      }
    }
    return out;
  }
}
