package dev.headroom.sim.controllers;

/**
 * GetResourceReplicas' answer.
 *
 * @param replicas the proposed replica count
 * @param utilizationPercent the measured utilisation of requests, before missing or unready pods
 *     were accounted for (what the HPA reports in its status)
 * @param rawAverageMillis the measured average usage per pod, in millicores
 */
public record ResourceReplicas(int replicas, int utilizationPercent, long rawAverageMillis) {}
