package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Size;
import java.util.List;

/** Rules for one scaling direction, as the HPA's HPAScalingRules, plus a cooldown. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ScalingRules(
    @Min(0)
        @Max(3600)
        @JsonPropertyDescription(
            "How long past recommendations are considered before acting, in seconds (0 to"
                + " 3600). Scaling up takes the lowest recommendation in the window, scaling"
                + " down the highest, so a brief spike or dip does not move replicas.")
        Integer stabilizationWindowSeconds,
    @JsonPropertyDescription(
            "Which policy wins when several allow different changes: Max (the largest change,"
                + " default), Min (the smallest) or Disabled (never scale in this direction).")
        SelectPolicy selectPolicy,
    @Size(min = 1, max = 10)
        @JsonPropertyDescription(
            "Limits on how much replicas may change within a period. Omit for the HPA's"
                + " defaults.")
        List<ScalingPolicy> policies,
    @Min(0)
        @Max(86400)
        @JsonPropertyDescription(
            "The least time between two scaling actions in this direction, in seconds (0 to"
                + " 86400; default 0). Unlike the stabilization window it holds after every"
                + " action, so one change can take effect and show in the metrics before the"
                + " next.")
        Integer cooldownSeconds) {}
