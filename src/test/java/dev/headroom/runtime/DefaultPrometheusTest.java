package dev.headroom.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.api.v1alpha1.HttpHeader;
import dev.headroom.signals.Credentials;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultPrometheusTest {
  private static final URI URL = URI.create("https://mimir.example.com/prometheus");

  @Test
  void readsTheMountedTokenAtEachUseSoARotatedSecretApplies(@TempDir Path dir) throws Exception {
    Path token = Files.writeString(dir.resolve("token"), "first\n");
    var prometheus =
        new DefaultPrometheus(
            URL,
            Optional.of(token),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of());
    assertThat(prometheus.endpoint().credentials()).isEqualTo(Credentials.bearer("first"));
    Files.writeString(token, "second");
    assertThat(prometheus.endpoint().credentials()).isEqualTo(Credentials.bearer("second"));
    assertThat(prometheus.toString()).doesNotContain("first", "second");
    assertThat(prometheus.endpoint().toString()).doesNotContain("second");
  }

  @Test
  void basicAuthCaAndHeadersReachTheEndpoint(@TempDir Path dir) throws Exception {
    Path user = Files.writeString(dir.resolve("username"), "reader");
    Path password = Files.writeString(dir.resolve("password"), "s3cret\n");
    Path ca = Files.writeString(dir.resolve("ca.crt"), "-----BEGIN CERTIFICATE-----\n");
    var endpoint =
        new DefaultPrometheus(
                URL,
                Optional.empty(),
                Optional.of(user),
                Optional.of(password),
                Optional.of(ca),
                DefaultPrometheus.parseHeaders("{\"X-Scope-OrgID\":\"team-a\"}"))
            .endpoint();
    assertThat(endpoint.credentials()).isEqualTo(Credentials.basic("reader", "s3cret"));
    assertThat(endpoint.caPem()).contains("-----BEGIN CERTIFICATE-----");
    assertThat(endpoint.headers()).containsExactly(new HttpHeader("X-Scope-OrgID", "team-a"));
    assertThat(endpoint.url()).isEqualTo(URL);
  }

  @Test
  void anUnreadableFileIsNamedAndItsContentsNeverAre(@TempDir Path dir) {
    Path missing = dir.resolve("token");
    var prometheus =
        new DefaultPrometheus(
            URL,
            Optional.of(missing),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Map.of());
    assertThatThrownBy(prometheus::endpoint)
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void badSettingsFailAtStartUpNamingTheSetting() {
    Path file = Path.of("/x");
    assertThatThrownBy(
            () ->
                new DefaultPrometheus(
                    URL,
                    Optional.of(file),
                    Optional.of(file),
                    Optional.of(file),
                    Optional.empty(),
                    Map.of()))
        .hasMessageContaining("a bearer token or basic auth, not both");
    assertThatThrownBy(
            () ->
                new DefaultPrometheus(
                    URL,
                    Optional.empty(),
                    Optional.of(file),
                    Optional.empty(),
                    Optional.empty(),
                    Map.of()))
        .hasMessageContaining("needs both");
    assertThatThrownBy(
            () ->
                new DefaultPrometheus(
                    URL,
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Optional.empty(),
                    Map.of("Authorization", "Bearer x")))
        .hasMessageContaining("Authorization");
    assertThatThrownBy(() -> DefaultPrometheus.parseHeaders("X-Scope-OrgID: team-a"))
        .hasMessageContaining("JSON object");
    assertThat(DefaultPrometheus.parseHeaders("")).isEmpty();
  }
}
