package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Per-container rightsizing of CPU and memory. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.containers) || self.containers.all(a, self.containers.exists_one(b, b.name == a.name))",
    message = "container names must be unique",
    fieldPath = ".containers")
public record ResourcePolicy(
    @Default("Off")
        @JsonPropertyDescription(
            "Which values Headroom sets. Off: none (resources are only reported). Requests:"
                + " requests only; limits keep their ratio to requests. RequestsAndLimits: both."
                + " Default Off.")
        ResourceMode mode,
    @Default("Rollout")
        @JsonPropertyDescription(
            "How new resources reach the pods. Rollout: patch the pod template (a rolling"
                + " update). InPlace: resize running pods without a restart where the cluster"
                + " supports it (Kubernetes 1.33 and later), else Rollout, with a condition"
                + " saying why. Default Rollout.")
        UpdateMethod updateMethod,
    @Default("10")
        @Min(1)
        @Max(100)
        @JsonPropertyDescription(
            "The least change, in percent of the current value, worth a restart; smaller"
                + " changes are skipped (an OOM kill always counts). Default 10.")
        Integer minChangePercent,
    @Default("15m")
        @Size(max = 64)
        @Pattern(Formats.DURATION)
        @JsonPropertyDescription(
            "The least time between two rollouts of the target made by Headroom, as a Go"
                + " duration. Default 15m.")
        String minRolloutInterval,
    @Size(min = 1, max = 16)
        @JsonPropertyDescription(
            "Bounds per container, by name; the name * applies to every container without an"
                + " entry of its own. Containers without bounds are sized within the"
                + " operator's defaults.")
        List<ContainerResourcePolicy> containers) {}
