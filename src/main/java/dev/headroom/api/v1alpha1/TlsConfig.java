package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;

/** TLS settings for a Prometheus endpoint. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TlsConfig(
    @JsonPropertyDescription(
            "A Secret key holding the PEM CA bundle to verify the server's certificate with,"
                + " instead of the system's CAs.")
        SecretKeyRef ca,
    @Size(min = 1, max = 253)
        @Pattern(Formats.DNS_SUBDOMAIN)
        @JsonPropertyDescription(
            "The host name to verify the server's certificate against, when it differs from the"
                + " URL's host.")
        String serverName) {}
