package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** The outcome of the last evaluation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DecisionStatus(
    @JsonPropertyDescription("When the decision was made (RFC 3339).") String time,
    @JsonPropertyDescription("The replicas decided on.") Integer replicas,
    @JsonPropertyDescription("The container resources decided on.")
        List<ContainerResourcesStatus> resources,
    @JsonPropertyDescription("Why, in words: what was observed and which rule decided.")
        String reason,
    @JsonPropertyDescription(
            "Whether the decision is enforced on the target: false in Recommend mode and while"
                + " another autoscaler manages the target (see the Conflict condition).")
        Boolean applied) {}
