package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A reference to the workload a policy manages, in the policy's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TargetRef(
    @Default("apps/v1")
        @JsonPropertyDescription("API version of the target. Only apps/v1 is supported.")
        TargetApiVersion apiVersion,
    @Default("Deployment")
        @JsonPropertyDescription(
            "Kind of the target. Deployment is supported now; StatefulSet will follow.")
        TargetKind kind,
    @Required
        @Size(min = 1, max = 253)
        @Pattern(Formats.DNS_SUBDOMAIN)
        @JsonPropertyDescription("Name of the target, in the policy's namespace.")
        String name) {}
