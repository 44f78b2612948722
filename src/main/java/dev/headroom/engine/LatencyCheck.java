package dev.headroom.engine;

import java.time.Instant;

/**
 * A scale-up made for a latency budget, to be judged once the new replicas are Ready and have had
 * time to show.
 *
 * @param budget the latency budget that asked for it
 * @param at when it was decided
 * @param toReplicas the replicas it asked for
 * @param observedBefore the latency when it was decided, seconds
 * @param predictedAfter the latency the model predicted with toReplicas, seconds
 */
public record LatencyCheck(
    String budget, Instant at, int toReplicas, double observedBefore, double predictedAfter) {}
