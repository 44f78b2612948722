package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** A budget that is currently violated. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(
    @JsonPropertyDescription("The budget, e.g. latency/p95.") String budget,
    @JsonPropertyDescription("The observed value with its unit.") String observed,
    @JsonPropertyDescription("The threshold it is past, with its unit.") String threshold,
    @JsonPropertyDescription("Warning (past the target) or Critical (past the critical threshold).")
        Severity severity,
    @JsonPropertyDescription("When the violation began (RFC 3339).") String since) {}
