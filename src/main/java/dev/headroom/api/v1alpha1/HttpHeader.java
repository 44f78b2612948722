package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** One extra HTTP header. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!self.name.matches('(?i)^(authorization|proxy-authorization|cookie)$')",
    message = "credentials do not belong in headers: use bearerToken or basicAuth",
    fieldPath = ".name")
public record HttpHeader(
    @Required
        @Size(min = 1, max = 256)
        @Pattern(Formats.HEADER_NAME)
        @JsonPropertyDescription("The header's name, e.g. X-Scope-OrgID.")
        String name,
    @Required
        @Size(max = 4096)
        @Pattern("^[^\\r\\n]*$")
        @JsonPropertyDescription("The header's value. Not a secret: it is visible in the policy.")
        String value) {}
