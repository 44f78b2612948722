package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;

/** Prices that make "least cost" concrete. Any currency, as long as both use the same. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Cost(
    @Min(0)
        @JsonPropertyDescription(
            "The price of one CPU core requested for one hour (e.g. 0.0316). Default: the"
                + " operator's.")
        Double pricePerCoreHour,
    @Min(0)
        @JsonPropertyDescription(
            "The price of one GiB of memory requested for one hour (e.g. 0.0042). Default: the"
                + " operator's.")
        Double pricePerGiBHour) {}
