package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** HTTP basic auth credentials, each from a Secret key. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BasicAuth(
    @Required @JsonPropertyDescription("The Secret key holding the user name.")
        SecretKeyRef username,
    @Required @JsonPropertyDescription("The Secret key holding the password.")
        SecretKeyRef password) {}
