package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;

/** One limit on the rate of scaling, as the HPA's HPAScalingPolicy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScalingPolicy(
    @Required
        @JsonPropertyDescription(
            "Pods: value is a number of pods. Percent: value is a percentage of the current"
                + " replicas.")
        ScalingPolicyType type,
    @Required
        @Min(1)
        @JsonPropertyDescription("How many pods, or what percentage, may change per period.")
        Integer value,
    @Required
        @Min(1)
        @Max(1800)
        @JsonPropertyDescription(
            "The period the limit applies to, in seconds (1 to 1800), e.g. 15.")
        Integer periodSeconds) {}
