package dev.headroom.sim.controllers;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * A port of the HPA's ReplicaCalculator (kubernetes/kubernetes
 * pkg/controller/podautoscaler/replica_calculator.go): GetResourceReplicas for a CPU utilisation
 * target, and GetExternalMetricReplicas / GetExternalPerPodMetricReplicas for an external metric
 * with a Value or AverageValue target. Values are integer milli-units, as the HPA's Quantities'
 * MilliValue, so the integer divisions and roundings match.
 */
public final class ReplicaCalculator {
  /**
   * The kube-controller-manager flags the calculation depends on.
   *
   * @param tolerances {@code --horizontal-pod-autoscaler-tolerance}
   * @param cpuInitializationPeriod {@code --horizontal-pod-autoscaler-cpu-initialization-period}
   * @param initialReadinessDelay {@code --horizontal-pod-autoscaler-initial-readiness-delay}
   */
  public record Settings(
      Tolerances tolerances, Duration cpuInitializationPeriod, Duration initialReadinessDelay) {
    public Settings {
      Objects.requireNonNull(tolerances, "tolerances");
      Objects.requireNonNull(cpuInitializationPeriod, "cpuInitializationPeriod");
      Objects.requireNonNull(initialReadinessDelay, "initialReadinessDelay");
    }

    /** The flags' defaults: 0.1, 5 min, 30 s. */
    public static Settings hpaDefaults() {
      return new Settings(Tolerances.hpaDefault(), Duration.ofMinutes(5), Duration.ofSeconds(30));
    }
  }

  private final Settings settings;

  public ReplicaCalculator(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /**
   * GetResourceReplicas for CPU.
   *
   * @param currentReplicas the target's spec.replicas
   * @param targetUtilizationPercent the target average utilisation of requests
   * @param pods the pods the HPA's selector matches
   * @param metrics metrics-server's samples by pod name (it may hold pods no longer listed)
   */
  public Outcome<ResourceReplicas> resourceReplicas(
      int currentReplicas,
      int targetUtilizationPercent,
      List<PodStatus> pods,
      Map<String, PodMetric> metrics,
      Instant now) {
    if (metrics.isEmpty()) {
      return Outcome.failure(
          "unable to get metrics for resource cpu: no metrics returned from resource metrics API");
    }
    if (pods.isEmpty()) {
      return Outcome.failure("no pods returned by selector while calculating replica count");
    }
    PodGroups groups =
        PodGroups.ofCpu(
            pods,
            metrics,
            settings.cpuInitializationPeriod(),
            settings.initialReadinessDelay(),
            now);
    Map<String, Long> usage = new HashMap<>();
    metrics.forEach((name, metric) -> usage.put(name, metric.millis()));
    usage.keySet().removeAll(groups.ignored());
    usage.keySet().removeAll(groups.unready());
    if (usage.isEmpty()) {
      return Outcome.failure("did not receive metrics for targeted pods (pods might be unready)");
    }
    Map<String, Long> requests = new HashMap<>();
    for (PodStatus pod : pods) {
      OptionalLong request = pod.cpuRequestMillis();
      if (request.isEmpty()) {
        return Outcome.failure("missing request for cpu in container of Pod " + pod.name());
      }
      requests.put(pod.name(), request.getAsLong());
    }

    Outcome<Utilization> measured = Utilization.of(usage, requests, targetUtilizationPercent);
    if (!measured.succeeded()) {
      return Outcome.failure(measured.failure());
    }
    Utilization utilization = measured.value();
    double usageRatio = utilization.usageRatio();
    ResourceReplicas unchanged =
        new ResourceReplicas(
            currentReplicas, utilization.percent(), utilization.rawAverageMillis());

    boolean scaleUpWithUnready = !groups.unready().isEmpty() && usageRatio > 1.0;
    if (!scaleUpWithUnready && groups.missing().isEmpty()) {
      if (settings.tolerances().isWithin(usageRatio)) {
        return Outcome.success(unchanged);
      }
      return Outcome.success(
          new ResourceReplicas(
              (int) Math.ceil(usageRatio * groups.readyCount()),
              utilization.percent(),
              utilization.rawAverageMillis()));
    }

    if (!groups.missing().isEmpty()) {
      if (usageRatio < 1.0) {
        // On a scale-down, pods without a sample count as using all of their request (or the
        // target, when it is above 100 %), which damps the scale-down.
        long fallbackPercent = Math.max(100, targetUtilizationPercent);
        for (String name : groups.missing()) {
          usage.put(name, requests.get(name) * fallbackPercent / 100);
        }
      } else if (usageRatio > 1.0) {
        for (String name : groups.missing()) {
          usage.put(name, 0L);
        }
      }
    }
    if (scaleUpWithUnready) {
      for (String name : groups.unready()) {
        usage.put(name, 0L);
      }
    }

    Outcome<Utilization> remeasured = Utilization.of(usage, requests, targetUtilizationPercent);
    if (!remeasured.succeeded()) {
      return Outcome.failure(remeasured.failure());
    }
    double newUsageRatio = remeasured.value().usageRatio();
    if (settings.tolerances().isWithin(newUsageRatio)
        || (usageRatio < 1.0 && newUsageRatio > 1.0)
        || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
      // Too small a change, or accounting for the set-aside pods reversed the direction.
      return Outcome.success(unchanged);
    }
    int newReplicas = (int) Math.ceil(newUsageRatio * usage.size());
    if ((newUsageRatio < 1.0 && newReplicas > currentReplicas)
        || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
      return Outcome.success(unchanged);
    }
    return Outcome.success(
        new ResourceReplicas(newReplicas, utilization.percent(), utilization.rawAverageMillis()));
  }

  /**
   * GetExternalMetricReplicas: a Value target, compared with the sum of the metric's values and
   * scaled by the number of ready pods.
   *
   * @param currentReplicas the target's spec.replicas
   * @param targetMillis the target value in milli-units
   * @param valuesMillis the external metric's values (one per series) in milli-units
   * @param pods the pods the HPA's selector matches, for the ready count
   */
  public Outcome<ExternalReplicas> externalReplicas(
      int currentReplicas, long targetMillis, List<Long> valuesMillis, List<PodStatus> pods) {
    long usage = saturatingSum(valuesMillis);
    double usageRatio = (double) usage / targetMillis;
    if (currentReplicas == 0) {
      // Scale from zero ignores the tolerance and the ready count.
      return Outcome.success(new ExternalReplicas((int) Math.ceil(usageRatio), usage));
    }
    if (settings.tolerances().isWithin(usageRatio)) {
      return Outcome.success(new ExternalReplicas(currentReplicas, usage));
    }
    if (pods.isEmpty()) {
      return Outcome.failure(
          "unable to calculate ready pods: no pods returned by selector while calculating replica"
              + " count");
    }
    long readyPods =
        pods.stream().filter(pod -> pod.phase() == PodPhase.RUNNING && pod.isReady()).count();
    double replicas = usageRatio * readyPods;
    int replicaCount = replicas > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) Math.ceil(replicas);
    return Outcome.success(new ExternalReplicas(replicaCount, usage));
  }

  /**
   * GetExternalPerPodMetricReplicas: an AverageValue target, the metric's sum divided by the target
   * per pod.
   *
   * @param statusReplicas the target's status.replicas (its pods, ready or not)
   * @param targetPerPodMillis the target average value per pod in milli-units
   * @param valuesMillis the external metric's values (one per series) in milli-units
   */
  public Outcome<ExternalReplicas> externalPerPodReplicas(
      int statusReplicas, long targetPerPodMillis, List<Long> valuesMillis) {
    long usage = saturatingSum(valuesMillis);
    int replicaCount = statusReplicas;
    double usageRatio = usage / ((double) targetPerPodMillis * replicaCount);
    if (!settings.tolerances().isWithin(usageRatio)) {
      double replicas = Math.ceil((double) usage / targetPerPodMillis);
      replicaCount = replicas > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) replicas;
    }
    long perPod = statusReplicas == 0 ? usage : (long) Math.ceil((double) usage / statusReplicas);
    return Outcome.success(new ExternalReplicas(replicaCount, perPod));
  }

  private static long saturatingSum(List<Long> values) {
    long sum = 0;
    for (long value : values) {
      if (value > 0 && sum > Long.MAX_VALUE - value) {
        return Long.MAX_VALUE;
      }
      sum += value;
    }
    return sum;
  }

  /**
   * metricsclient.GetResourceUtilizationRatio: the utilisation of requests over the pods that have
   * both a sample and a request, truncated to a whole percent before the ratio is taken.
   */
  record Utilization(double usageRatio, int percent, long rawAverageMillis) {
    static Outcome<Utilization> of(
        Map<String, Long> usage, Map<String, Long> requests, int targetUtilizationPercent) {
      long usageTotal = 0;
      long requestsTotal = 0;
      int entries = 0;
      for (Map.Entry<String, Long> sample : usage.entrySet()) {
        Long request = requests.get(sample.getKey());
        if (request == null) {
          // A sample for a pod the selector no longer lists.
          continue;
        }
        usageTotal += sample.getValue();
        requestsTotal += request;
        entries++;
      }
      if (requestsTotal == 0) {
        return Outcome.failure("no metrics returned matched known pods");
      }
      int percent = (int) (usageTotal * 100 / requestsTotal);
      return Outcome.success(
          new Utilization(
              (double) percent / targetUtilizationPercent, percent, usageTotal / entries));
    }
  }
}
