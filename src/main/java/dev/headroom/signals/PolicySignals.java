package dev.headroom.signals;

import dev.headroom.engine.Signals;

/**
 * One policy's outcome of a cycle.
 *
 * @param signals what the engine decides on: only fresh, finite values, each with the time it was
 *     sampled; anything unread is absent, never zero
 * @param status what was read and what was not, for the policy's status
 */
public record PolicySignals(Signals signals, MetricsStatus status) {}
