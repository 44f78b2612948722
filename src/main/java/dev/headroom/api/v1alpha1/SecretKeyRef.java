package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** A key of a Secret in the policy's namespace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretKeyRef(
    @Required
        @Size(min = 1, max = 253)
        @Pattern(Formats.DNS_SUBDOMAIN)
        @JsonPropertyDescription("The Secret's name, in the policy's namespace.")
        String name,
    @Required
        @Size(min = 1, max = 253)
        @Pattern("^[-._a-zA-Z0-9]+$")
        @JsonPropertyDescription("The key within the Secret.")
        String key) {}
