package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** Rightsizing bounds for one container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.minAllowed) || !has(self.maxAllowed) || !has(self.minAllowed.cpu)"
            + " || !has(self.maxAllowed.cpu)"
            + " || !quantity(self.minAllowed.cpu).isGreaterThan(quantity(self.maxAllowed.cpu))",
    message = "minAllowed.cpu must be less than or equal to maxAllowed.cpu",
    fieldPath = ".minAllowed.cpu")
@ValidationRule(
    value =
        "!has(self.minAllowed) || !has(self.maxAllowed) || !has(self.minAllowed.memory)"
            + " || !has(self.maxAllowed.memory)"
            + " || !quantity(self.minAllowed.memory).isGreaterThan(quantity(self.maxAllowed.memory))",
    message = "minAllowed.memory must be less than or equal to maxAllowed.memory",
    fieldPath = ".minAllowed.memory")
public record ContainerResourcePolicy(
    @Required
        @Size(min = 1, max = 63)
        @Pattern("^(\\*|[a-z0-9]([-a-z0-9]*[a-z0-9])?)$")
        @JsonPropertyDescription(
            "The container's name, or * for every container without an entry of its own.")
        String name,
    @JsonPropertyDescription(
            "The floor: requests are never set below these (e.g. the requests a performance"
                + " guide prescribes).")
        ResourceAmounts minAllowed,
    @JsonPropertyDescription(
            "The ceiling: neither requests nor limits are set above these (e.g. the limits a"
                + " performance guide prescribes).")
        ResourceAmounts maxAllowed) {}
