package dev.headroom.engine;

import java.time.Instant;

/**
 * Everything one decision depends on. Time is an input: the engine never reads a clock.
 *
 * @param policy the policy in the engine's terms
 * @param signals what was observed
 * @param workload the target now
 * @param state what the engine returned last time ({@link EngineState#initial()} the first time)
 * @param now the time of this decision
 */
public record EngineInput(
    EnginePolicy policy, Signals signals, WorkloadState workload, EngineState state, Instant now) {}
