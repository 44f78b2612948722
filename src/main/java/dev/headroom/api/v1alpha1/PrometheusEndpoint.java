package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** A Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir, Cortex, VictoriaMetrics). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!(has(self.bearerToken) && has(self.basicAuth))",
    message = "set at most one of bearerToken and basicAuth")
@ValidationRule(
    value =
        "!has(self.headers) || self.headers.all(a, self.headers.exists_one(b, b.name.lowerAscii() == a.name.lowerAscii()))",
    message = "header names must be unique (case-insensitive)",
    fieldPath = ".headers")
public record PrometheusEndpoint(
    @Required
        @Size(min = 1, max = 2048)
        @Pattern("^https?://[^\\s/?#@]+(/[^\\s?#]*)?$")
        @JsonPropertyDescription(
            "The base URL of the Prometheus HTTP API, without /api/v1 (e.g."
                + " http://prometheus.monitoring:9090). No credentials in the URL.")
        String url,
    @JsonPropertyDescription(
            "A bearer token read from a key of a Secret in the policy's namespace.")
        SecretKeyRef bearerToken,
    @JsonPropertyDescription("HTTP basic auth read from Secrets in the policy's namespace.")
        BasicAuth basicAuth,
    @Size(max = 16)
        @JsonPropertyDescription(
            "Extra HTTP headers sent with every query, e.g. X-Scope-OrgID for a Mimir, Cortex or"
                + " Thanos tenant. Not for credentials: use bearerToken or basicAuth.")
        List<HttpHeader> headers,
    @JsonPropertyDescription(
            "TLS settings. The server's certificate is always verified, against the system's"
                + " CAs or the given CA.")
        TlsConfig tls) {}
