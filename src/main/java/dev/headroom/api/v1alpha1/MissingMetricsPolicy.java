package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** What horizontal scaling does while a metric it needs cannot be read. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "(self.action == 'Fallback') == has(self.fallbackReplicas)",
    message = "fallbackReplicas is required with action Fallback and only allowed with it")
public record MissingMetricsPolicy(
    @Default("Hold")
        @JsonPropertyDescription(
            "Hold: keep the current replicas (default). Fallback: scale up to fallbackReplicas"
                + " if the target has fewer; never down.")
        MissingMetricsAction action,
    @Min(1)
        @JsonPropertyDescription(
            "The replicas to ensure while metrics are missing, with action Fallback. Between"
                + " minReplicas and maxReplicas.")
        Integer fallbackReplicas) {}
