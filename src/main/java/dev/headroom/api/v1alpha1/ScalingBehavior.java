package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Scaling behaviour per direction, as in the HorizontalPodAutoscaler's spec.behavior. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScalingBehavior(
    @JsonPropertyDescription(
            "Rules for scaling up. HPA defaults: no stabilization window, at most 4 pods or"
                + " 100 % per 15 s, whichever is more.")
        ScalingRules scaleUp,
    @JsonPropertyDescription(
            "Rules for scaling down. HPA defaults: a 300 s stabilization window, at most 100 %"
                + " per 15 s.")
        ScalingRules scaleDown) {}
