package dev.headroom.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Container requests and limits from usage history: a CPU percentile plus a margin, the memory peak
 * plus a margin, within the policy's bounds. Emergencies skip the change threshold and the rollout
 * interval: an OOM kill raises memory at once, and heavy throttling while latency is over budget
 * raises the CPU limit before replicas are added. Without fresh data nothing shrinks.
 *
 * <p>Requests are never sized below what the utilisation budgets aim at, so rightsizing and
 * utilisation-based scaling agree instead of chasing each other (the HPA + VPA fight).
 */
final class VerticalRecommender {
  static final long OOM_MIN_RAISE_BYTES = 100L * 1024 * 1024;
  static final double OOM_RAISE = 1.2;
  static final double HEAVY_THROTTLING = 0.25;
  static final double THROTTLE_RAISE = 1.5;

  /**
   * OOM kills this soon after a resource change are of pods the rollout has not replaced yet: they
   * died at the old limit and say nothing about the new one.
   */
  static final java.time.Duration OOM_GRACE = java.time.Duration.ofMinutes(2);

  record Result(
      Map<String, ContainerResources> resources,
      boolean changed,
      boolean cpuLimitRaised,
      List<String> reasons) {}

  private VerticalRecommender() {}

  static Result recommend(EngineInput input, EngineConfig config, boolean latencyViolated) {
    ResourceRules rules = input.policy().resources();
    Map<String, ContainerResources> current = input.workload().containers();
    if (rules.mode() == ResourceMode.OFF) {
      return new Result(current, false, false, List.of());
    }
    Map<String, ContainerResources> next = new LinkedHashMap<>();
    List<String> reasons = new ArrayList<>();
    boolean changed = false;
    boolean cpuLimitRaised = false;
    Instant last = input.state().lastResourceChange();
    boolean rolloutAllowed =
        last == null || !input.now().isBefore(last.plus(rules.minRolloutInterval()));
    for (var entry : current.entrySet()) {
      String name = entry.getKey();
      ContainerResources now = entry.getValue();
      ResourceBounds bounds = rules.boundsFor(name);
      ContainerUsage usage = input.signals().containers().get(name);
      boolean fresh = usage != null && !usage.at().isBefore(input.now().minus(config.staleAfter()));
      ContainerResources proposed = now;
      if (oomKilledSince(input, name, last)) {
        proposed = raiseMemory(now, bounds);
        reasons.add(
            name
                + ": OOM-killed, memory raised to "
                + Units.bytes(proposed.memoryRequestBytes())
                + " at once");
      } else if (fresh
          && latencyViolated
          && !changedWithin(input, last, OOM_GRACE)
          && usage.throttledRatio() >= HEAVY_THROTTLING
          && now.cpuLimitMillis() > 0) {
        proposed = raiseCpuLimit(now, bounds, rules.mode());
        cpuLimitRaised = proposed.cpuLimitMillis() > now.cpuLimitMillis();
        reasons.add(
            String.format(
                "%s: throttled %.0f%% of periods while latency is over budget; CPU limit %dm ->"
                    + " %dm before adding replicas",
                name,
                usage.throttledRatio() * 100,
                now.cpuLimitMillis(),
                proposed.cpuLimitMillis()));
      } else if (fresh && rolloutAllowed && usage.hasHistory()) {
        ContainerResources sized = rightsized(input, config, now, usage, bounds, rules.mode());
        if (worthARestart(now, sized, rules.minChangeRatio())) {
          proposed = sized;
          reasons.add(
              String.format(
                  "%s: rightsized from usage (CPU p95 %dm, memory peak %s): requests %dm/%s",
                  name,
                  Math.round(usage.cpuCoresHigh() * 1000),
                  Units.bytes(usage.memoryPeakBytes()),
                  sized.cpuRequestMillis(),
                  Units.bytes(sized.memoryRequestBytes())));
        }
      }
      changed |= !proposed.equals(now);
      next.put(name, proposed);
    }
    return new Result(next, changed, cpuLimitRaised, reasons);
  }

  /**
   * Pods the last change has not replaced yet still run, and throttle, at the old limit: raising
   * again before they are gone would compound raises no pod has tried.
   */
  private static boolean changedWithin(EngineInput input, Instant last, java.time.Duration grace) {
    return last != null && input.now().isBefore(last.plus(grace));
  }

  private static boolean oomKilledSince(EngineInput input, String container, Instant last) {
    Instant after = last == null ? Instant.MIN : last.plus(OOM_GRACE);
    return input.workload().oomKills().getOrDefault(container, List.of()).stream()
        .anyMatch(at -> at.isAfter(after) && !at.isAfter(input.now()));
  }

  /** The VPA's OOM rule, on the limit the container died at. */
  static ContainerResources raiseMemory(ContainerResources now, ResourceBounds bounds) {
    long diedAt = now.memoryLimitBytes() > 0 ? now.memoryLimitBytes() : now.memoryRequestBytes();
    long raised = Math.max((long) Math.ceil(diedAt * OOM_RAISE), diedAt + OOM_MIN_RAISE_BYTES);
    long request = bounds.capMemory(Math.max(now.memoryRequestBytes(), raised));
    long limit = now.memoryLimitBytes() == 0 ? 0 : bounds.capMemory(Math.max(raised, request));
    return new ContainerResources(now.cpuRequestMillis(), now.cpuLimitMillis(), request, limit);
  }

  static ContainerResources raiseCpuLimit(
      ContainerResources now, ResourceBounds bounds, ResourceMode mode) {
    long limit = bounds.capCpu(Math.round(now.cpuLimitMillis() * THROTTLE_RAISE));
    long request =
        mode == ResourceMode.REQUESTS
            // Limits follow requests in this mode, so the request moves with the same ratio.
            ? Math.min(limit, Math.round(now.cpuRequestMillis() * THROTTLE_RAISE))
            : now.cpuRequestMillis();
    return new ContainerResources(request, limit, now.memoryRequestBytes(), now.memoryLimitBytes());
  }

  private static ContainerResources rightsized(
      EngineInput input,
      EngineConfig config,
      ContainerResources now,
      ContainerUsage usage,
      ResourceBounds bounds,
      ResourceMode mode) {
    double cpuCores = usage.cpuCoresHigh() * (1 + config.cpuMargin());
    double memoryBytes = usage.memoryPeakBytes() * (1 + config.memoryMargin());
    for (Budget budget : input.policy().budgets()) {
      double aim = budget.aim(config.headroom());
      if (budget.kind() == BudgetKind.CPU_UTILIZATION && aim > 0) {
        cpuCores = Math.max(cpuCores, usage.cpuCoresHigh() / aim);
      } else if (budget.kind() == BudgetKind.MEMORY_UTILIZATION && aim > 0) {
        memoryBytes = Math.max(memoryBytes, usage.memoryPeakBytes() / aim);
      }
    }
    long cpuRequest = bounds.clampCpu(Math.max(1, (long) Math.ceil(cpuCores * 1000)));
    long memoryRequest = bounds.clampMemory((long) Math.ceil(memoryBytes));
    long cpuLimit = keepRatio(now.cpuLimitMillis(), now.cpuRequestMillis(), cpuRequest);
    if (input.policy().budgets().stream().anyMatch(b -> b.kind().isLatency())) {
      // CPU sets how fast a request is served, which usage at today's load says nothing about:
      // while latency is budgeted the pod's CPU is chosen by PodSizer, for cost, from the
      // queueing model (and raised by throttling), never trimmed to usage here.
      cpuRequest = now.cpuRequestMillis();
      cpuLimit = now.cpuLimitMillis();
    }
    long memoryLimit = keepRatio(now.memoryLimitBytes(), now.memoryRequestBytes(), memoryRequest);
    if (mode == ResourceMode.REQUESTS_AND_LIMITS && memoryLimit > 0) {
      // Never a limit the service already exceeds at its peak.
      memoryLimit =
          Math.max(
              memoryLimit,
              (long) Math.ceil(usage.memoryPeakBytes() * (1 + 2 * config.memoryMargin())));
    }
    return new ContainerResources(
        cpuRequest,
        cpuLimit == 0 ? 0 : bounds.capCpu(Math.max(cpuLimit, cpuRequest)),
        memoryRequest,
        memoryLimit == 0 ? 0 : bounds.capMemory(Math.max(memoryLimit, memoryRequest)));
  }

  private static long keepRatio(long limit, long request, long newRequest) {
    if (limit == 0 || request == 0) {
      return limit;
    }
    return Math.round((double) limit / request * newRequest);
  }

  static boolean worthARestart(ContainerResources now, ContainerResources next, double minChange) {
    return relative(now.cpuRequestMillis(), next.cpuRequestMillis()) >= minChange
        || relative(now.memoryRequestBytes(), next.memoryRequestBytes()) >= minChange
        || relative(now.cpuLimitMillis(), next.cpuLimitMillis()) >= minChange
        || relative(now.memoryLimitBytes(), next.memoryLimitBytes()) >= minChange;
  }

  private static double relative(long from, long to) {
    if (from == to) {
      return 0;
    }
    return from == 0 ? Double.POSITIVE_INFINITY : Math.abs(to - from) / (double) from;
  }
}
