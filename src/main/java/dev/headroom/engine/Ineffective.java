package dev.headroom.engine;

import java.time.Instant;

/**
 * A latency budget for which adding replicas was found not to help.
 *
 * @param since when it was found
 * @param replicas the replicas at that time: no more are added for this budget
 * @param requestRate the load at that time; a large change in load ends the finding
 * @param observedSeconds the budget's latency at that time; a large fall ends the finding (what
 *     replicas could not fix went away by itself)
 */
public record Ineffective(
    Instant since, int replicas, double requestRate, double observedSeconds) {}
