package dev.headroom.sim.controllers;

/**
 * GetExternalMetricReplicas' and GetExternalPerPodMetricReplicas' answer.
 *
 * @param replicas the proposed replica count
 * @param usageMillis the metric in milli-units: the total for a Value target, the per-pod average
 *     (rounded up) for an AverageValue target
 */
public record ExternalReplicas(int replicas, long usageMillis) {}
