package dev.headroom.engine;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One budget at one evaluation.
 *
 * @param budget the budget
 * @param observed the fresh observed value, empty when missing or stale
 * @param severity met, warning, critical or no data
 * @param violatedSince when the current violation began, empty when met or without data
 * @param violatedFor how long it has been violated at this evaluation
 */
public record BudgetEvaluation(
    Budget budget,
    OptionalDouble observed,
    Severity severity,
    Optional<Instant> violatedSince,
    Duration violatedFor) {}
