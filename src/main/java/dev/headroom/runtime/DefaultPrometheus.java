package dev.headroom.runtime;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.api.v1alpha1.HttpHeader;
import dev.headroom.signals.Credentials;
import dev.headroom.signals.EndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Prometheus every policy without {@code spec.prometheus} reads, as the operator's deployment
 * configures it. Credentials and the CA come from files (a Secret mounted by the Helm chart), read
 * at each use so a rotated Secret takes effect without a restart, and never held in a field that
 * {@code toString} would print.
 *
 * @param url the API's base URL
 * @param bearerTokenFile a file holding a bearer token
 * @param usernameFile a file holding the basic-auth user name (with {@code passwordFile})
 * @param passwordFile a file holding the basic-auth password
 * @param caFile a PEM bundle to verify the server's certificate with, instead of the JRE's CAs
 * @param headers extra headers, e.g. a tenant's {@code X-Scope-OrgID}
 */
public record DefaultPrometheus(
    URI url,
    Optional<Path> bearerTokenFile,
    Optional<Path> usernameFile,
    Optional<Path> passwordFile,
    Optional<Path> caFile,
    Map<String, String> headers) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public DefaultPrometheus {
    if (url.getRawUserInfo() != null) {
      // Said before any message that would echo the URL.
      throw new IllegalArgumentException(
          "the Prometheus URL must not carry credentials; use a Secret reference instead");
    }
    headers = Map.copyOf(headers);
    if (bearerTokenFile.isPresent() && (usernameFile.isPresent() || passwordFile.isPresent())) {
      throw new IllegalArgumentException(
          "the default Prometheus takes a bearer token or basic auth, not both");
    }
    if (usernameFile.isPresent() != passwordFile.isPresent()) {
      throw new IllegalArgumentException(
          "basic auth for the default Prometheus needs both a user name file and a password file");
    }
    // Fails at start-up, naming the setting, rather than at the first evaluation.
    endpoint(url, headers, Credentials.none(), Optional.empty());
  }

  /** Just a URL: no credentials, headers or CA. */
  public static DefaultPrometheus of(URI url) {
    return new DefaultPrometheus(
        url, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
  }

  /**
   * Headers as JSON, the form the Helm chart passes them in: {@code {"X-Scope-OrgID":"team-a"}}.
   *
   * @throws IllegalArgumentException when the text is not a JSON object of strings
   */
  public static Map<String, String> parseHeaders(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    try {
      return new TreeMap<>(JSON.readValue(json, new TypeReference<Map<String, String>>() {}));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "Prometheus headers must be a JSON object of strings, e.g. {\"X-Scope-OrgID\":\"team-a\"}",
          e);
    }
  }

  /**
   * The endpoint with the files' current contents.
   *
   * @throws UncheckedIOException naming the file (never its contents) when one cannot be read
   */
  public EndpointConfig endpoint() {
    Credentials credentials = Credentials.none();
    if (bearerTokenFile.isPresent()) {
      credentials = Credentials.bearer(read(bearerTokenFile.get()));
    } else if (usernameFile.isPresent()) {
      credentials = Credentials.basic(read(usernameFile.get()), read(passwordFile.orElseThrow()));
    }
    return endpoint(url, headers, credentials, caFile.map(DefaultPrometheus::read));
  }

  private static EndpointConfig endpoint(
      URI url, Map<String, String> headers, Credentials credentials, Optional<String> caPem) {
    List<HttpHeader> list =
        new TreeMap<>(headers)
            .entrySet().stream().map(e -> new HttpHeader(e.getKey(), e.getValue())).toList();
    return new EndpointConfig(url, credentials, list, caPem, Optional.empty());
  }

  private static String read(Path file) {
    try {
      // A trailing newline is an artefact of how the Secret was made, never part of a token.
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + file + ": " + e.getClass().getSimpleName(), e);
    }
  }
}
