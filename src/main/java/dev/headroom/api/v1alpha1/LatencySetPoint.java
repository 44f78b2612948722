package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A latency level that horizontal scaling aims at for one latency budget. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LatencySetPoint(
    @Required
        @Size(min = 1, max = 63)
        @Pattern(Formats.DNS_LABEL)
        @JsonPropertyDescription("The name of a latency budget in spec.budgets.latency.")
        String budget,
    @Required
        @Size(max = 64)
        @Pattern(Formats.DURATION)
        @JsonPropertyDescription("The latency to scale at, as a Go duration (e.g. 15s).")
        String value) {}
