package dev.headroom.actuation;

import java.time.Instant;
import java.util.Optional;

/**
 * Whether a rollout may happen now.
 *
 * @param allowed it may
 * @param notBefore when not, the earliest time it may
 * @param reason why, in a sentence fit for status
 */
public record RolloutPermit(boolean allowed, Optional<Instant> notBefore, String reason) {}
