package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** One change Headroom made to the target. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ActionRecord(
    @JsonPropertyDescription("When (RFC 3339).") String time,
    @JsonPropertyDescription("What: ScaleUp, ScaleDown or Resize.") String action,
    @JsonPropertyDescription("The value before, e.g. 3 replicas or cpu=250m.") String from,
    @JsonPropertyDescription("The value after.") String to,
    @JsonPropertyDescription("Why, in words.") String reason) {}
