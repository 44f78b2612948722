package dev.headroom.signals;

import dev.headroom.api.v1alpha1.HttpHeader;
import dev.headroom.api.v1alpha1.PrometheusEndpoint;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One Prometheus-compatible API as the signals layer uses it, with credentials and CA already read
 * from their Secrets by the reconciler. Two policies share batched queries only when their
 * endpoints are equal in every field (URL, credentials, headers such as a tenant's {@code
 * X-Scope-OrgID}, TLS). {@link #toString()} redacts the credentials.
 *
 * @param url the API's base URL, without {@code /api/v1}
 * @param credentials bearer token, basic auth or none
 * @param headers extra headers sent with every query
 * @param caPem a PEM bundle to verify the server's certificate with, instead of the JDK's CAs
 * @param serverName the name to verify the certificate against, when not the URL's host
 */
public record EndpointConfig(
    URI url,
    Credentials credentials,
    List<HttpHeader> headers,
    Optional<String> caPem,
    Optional<String> serverName) {
  private static final Pattern URL =
      Pattern.compile("https?://[^\\s/?#@]+(/[^\\s?#]*)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  /** Headers that carry credentials (use {@link Credentials}) or that HTTP itself manages. */
  private static final Set<String> FORBIDDEN_HEADERS =
      Set.of(
          "authorization",
          "proxy-authorization",
          "cookie",
          "host",
          "connection",
          "content-length",
          "content-type",
          "expect",
          "upgrade",
          "accept");

  /**
   * @throws IllegalArgumentException for a URL that is not http(s) without credentials, or a header
   *     that may not be set
   */
  public EndpointConfig {
    Objects.requireNonNull(url, "url");
    if (!URL.matcher(url.toString()).matches()) {
      throw new IllegalArgumentException(
          "not a Prometheus base URL (http or https, no credentials, query or fragment): " + url);
    }
    String text = url.toString();
    if (text.endsWith("/")) {
      url = URI.create(text.substring(0, text.length() - 1));
    }
    Objects.requireNonNull(credentials, "credentials");
    headers = List.copyOf(headers);
    for (HttpHeader header : headers) {
      if (header.name() == null || !HEADER_NAME.matcher(header.name()).matches()) {
        throw new IllegalArgumentException("not an HTTP header name: " + header.name());
      }
      if (FORBIDDEN_HEADERS.contains(header.name().toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "header " + header.name() + " may not be set here (credentials go in credentials)");
      }
      if (header.value() == null
          || header.value().indexOf('\n') >= 0
          || header.value().indexOf('\r') >= 0) {
        throw new IllegalArgumentException("header " + header.name() + " has a line break");
      }
    }
    Objects.requireNonNull(caPem, "caPem");
    Objects.requireNonNull(serverName, "serverName");
  }

  /** An endpoint without credentials, headers or TLS settings. */
  public static EndpointConfig of(String url) {
    return new EndpointConfig(
        URI.create(url), Credentials.none(), List.of(), Optional.empty(), Optional.empty());
  }

  /**
   * The endpoint a policy names, with the Secret values the reconciler read for it.
   *
   * @param caPem the CA bundle read from {@code tls.ca}, if the policy names one
   */
  public static EndpointConfig from(
      PrometheusEndpoint endpoint, Credentials credentials, Optional<String> caPem) {
    return new EndpointConfig(
        URI.create(endpoint.url()),
        credentials,
        endpoint.headers() == null ? List.of() : endpoint.headers(),
        caPem,
        endpoint.tls() == null
            ? Optional.empty()
            : Optional.ofNullable(endpoint.tls().serverName()));
  }

  public EndpointConfig withCredentials(Credentials credentials) {
    return new EndpointConfig(url, credentials, headers, caPem, serverName);
  }

  public EndpointConfig withHeaders(List<HttpHeader> headers) {
    return new EndpointConfig(url, credentials, headers, caPem, serverName);
  }

  public EndpointConfig withTls(Optional<String> caPem, Optional<String> serverName) {
    return new EndpointConfig(url, credentials, headers, caPem, serverName);
  }

  @Override
  public String toString() {
    return "EndpointConfig[url="
        + url
        + ", credentials="
        + credentials
        + ", headers="
        + headers.stream().map(HttpHeader::name).toList()
        + ", ca="
        + caPem.map(pem -> pem.length() + " chars of PEM").orElse("system")
        + ", serverName="
        + serverName.orElse("(URL host)")
        + "]";
  }
}
