package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Requests and limits decided for one container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ContainerResourcesStatus(
    @JsonPropertyDescription("The container's name.") String name,
    @JsonPropertyDescription("The requests decided on.") ResourceAmounts requests,
    @JsonPropertyDescription("The limits decided on.") ResourceAmounts limits) {}
