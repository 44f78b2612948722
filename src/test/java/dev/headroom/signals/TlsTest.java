package dev.headroom.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.signals.StubHttp.Reply;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Verification is always on: a self-signed server (made with the JDK's keytool) is refused without
 * its CA, accepted with it, and its name is checked against the URL's host or tls.serverName.
 */
class TlsTest {
  private static final String OK = StubHttp.vector("{}", "1");
  @TempDir static Path dir;
  private static SSLContext server;
  private static String caPem;

  @BeforeAll
  static void makeACertificate() throws Exception {
    Path keystore = dir.resolve("server.p12");
    keytool(
        "-genkeypair",
        "-alias",
        "prometheus",
        "-keyalg",
        "EC",
        "-groupname",
        "secp256r1",
        "-dname",
        "CN=prometheus.test",
        "-ext",
        "SAN=dns:prometheus.test,ip:127.0.0.1",
        "-validity",
        "2",
        "-keystore",
        keystore.toString(),
        "-storetype",
        "PKCS12",
        "-storepass",
        "changeit");
    Path pem = dir.resolve("ca.pem");
    keytool(
        "-exportcert",
        "-rfc",
        "-alias",
        "prometheus",
        "-keystore",
        keystore.toString(),
        "-storepass",
        "changeit",
        "-file",
        pem.toString());
    caPem = Files.readString(pem);
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keystore)) {
      store.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, "changeit".toCharArray());
    server = SSLContext.getInstance("TLS");
    server.init(keys.getKeyManagers(), null, null);
  }

  private static void keytool(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (p.waitFor() != 0) {
      throw new IllegalStateException("keytool failed: " + out);
    }
  }

  private static QueryOutcome query(EndpointConfig endpoint) {
    return new PrometheusClient(
            SignalSettings.defaults().withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1)),
            new SplittableRandom(1),
            d -> {},
            java.time.InstantSource.system())
        .query(endpoint, "up", Instant.now())
        .outcome();
  }

  @Test
  void anUntrustedCertificateIsATlsError() {
    try (StubHttp stub = StubHttp.startTls(server, r -> Reply.ok(OK))) {
      var failure = (QueryOutcome.Failure) query(EndpointConfig.of(stub.url()));
      assertThat(failure.error()).isEqualTo(SignalError.TLS_ERROR);
      assertThat(stub.requests()).isEmpty();
    }
  }

  @Test
  void theGivenCaIsTrusted() {
    try (StubHttp stub = StubHttp.startTls(server, r -> Reply.ok(OK))) {
      assertThat(query(EndpointConfig.of(stub.url()).withTls(Optional.of(caPem), Optional.empty())))
          .isInstanceOf(QueryOutcome.Success.class);
    }
  }

  @Test
  void theServerNameIsVerifiedWhenGiven() {
    try (StubHttp stub = StubHttp.startTls(server, r -> Reply.ok(OK))) {
      EndpointConfig endpoint = EndpointConfig.of(stub.url());
      assertThat(query(endpoint.withTls(Optional.of(caPem), Optional.of("prometheus.test"))))
          .isInstanceOf(QueryOutcome.Success.class);
      var wrong =
          (QueryOutcome.Failure)
              query(endpoint.withTls(Optional.of(caPem), Optional.of("other.test")));
      assertThat(wrong.error()).isEqualTo(SignalError.TLS_ERROR);
      assertThat(stub.requests()).hasSize(1);
    }
  }

  @Test
  void aBundleThatIsNotPemIsATlsErrorNotAnException() {
    var failure =
        (QueryOutcome.Failure)
            query(
                EndpointConfig.of("https://127.0.0.1:1")
                    .withTls(Optional.of("not a certificate"), Optional.empty()));
    assertThat(failure.error()).isEqualTo(SignalError.TLS_ERROR);
    assertThat(failure.message()).contains("CA bundle");
  }

  @Test
  void wildcardNamesMatchOneLabel() {
    assertThat(Tls.dnsMatches("*.monitoring.svc", "prometheus.monitoring.svc")).isTrue();
    assertThat(Tls.dnsMatches("*.monitoring.svc", "a.b.monitoring.svc")).isFalse();
    assertThat(Tls.dnsMatches("*.monitoring.svc", "monitoring.svc")).isFalse();
  }
}
