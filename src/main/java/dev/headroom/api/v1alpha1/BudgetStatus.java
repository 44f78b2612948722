package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One budget's last observation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BudgetStatus(
    @JsonPropertyDescription("The budget, e.g. latency/p95, errorRate, cpu/utilization.")
        String name,
    @JsonPropertyDescription("The observed value with its unit, e.g. 180ms, 0.05%, 512Mi.")
        String observed,
    @JsonPropertyDescription("The target, with its unit.") String target,
    @JsonPropertyDescription("The critical threshold, with its unit, if set.") String critical,
    @JsonPropertyDescription("Met, Warning, Critical, or NoData when it could not be read.")
        BudgetState state,
    @JsonPropertyDescription("When the observed value was sampled (RFC 3339).")
        String observedAt) {}
