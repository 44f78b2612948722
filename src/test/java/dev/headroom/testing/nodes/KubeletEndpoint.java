package dev.headroom.testing.nodes;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Map;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;

/**
 * One fake node's kubelet port over HTTPS: {@code GET /metrics/resource}, the endpoint
 * metrics-server scrapes, and {@code GET /metrics/cadvisor}, the one Prometheus scrapes. Like a
 * kubelet started with {@code --client-ca-file}, it asks every client for a certificate signed by
 * the cluster CA, and it serves a certificate for the node's address signed by that CA, so
 * metrics-server verifies it ({@code --kubelet-certificate-authority}) instead of skipping
 * verification.
 */
public final class KubeletEndpoint implements AutoCloseable {
  /** What the kubelet answers: the Prometheus text format, version 0.0.4. */
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  /**
   * The files a kubelet endpoint needs.
   *
   * @param cert the serving certificate (PEM), valid for the node's address
   * @param key its private key (PEM, PKCS#8, as openssl 3 writes it)
   * @param clientCa the CA (PEM) a client's certificate must be signed by
   */
  public record Tls(Path cert, Path key, Path clientCa) {}

  private final HttpsServer server;

  private KubeletEndpoint(HttpsServer server) {
    this.server = server;
  }

  /**
   * Serves each body at its path ({@code /metrics/resource}, {@code /metrics/cadvisor}) on {@code
   * https://address:<free port>}.
   */
  static KubeletEndpoint serve(String address, Tls tls, Map<String, Supplier<String>> bodies) {
    try {
      HttpsServer server =
          HttpsServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0);
      SSLContext context = context(tls);
      server.setHttpsConfigurator(
          new HttpsConfigurator(context) {
            @Override
            public void configure(HttpsParameters params) {
              SSLParameters parameters = context.getDefaultSSLParameters();
              parameters.setNeedClientAuth(true);
              params.setSSLParameters(parameters);
            }
          });
      bodies.forEach(
          (path, body) ->
              server.createContext(
                  path,
                  exchange -> {
                    try (exchange) {
                      byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
                      exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
                      exchange.sendResponseHeaders(200, bytes.length);
                      try (OutputStream out = exchange.getResponseBody()) {
                        out.write(bytes);
                      }
                    }
                  }));
      server.start();
      return new KubeletEndpoint(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static SSLContext context(Tls tls) throws IOException {
    try {
      CertificateFactory x509 = CertificateFactory.getInstance("X.509");
      Certificate cert;
      try (InputStream in = Files.newInputStream(tls.cert())) {
        cert = x509.generateCertificate(in);
      }
      Certificate ca;
      try (InputStream in = Files.newInputStream(tls.clientCa())) {
        ca = x509.generateCertificate(in);
      }
      String pem = Files.readString(tls.key());
      if (!pem.contains("BEGIN PRIVATE KEY")) {
        throw new IllegalArgumentException(tls.key() + " is not a PKCS#8 PEM key");
      }
      byte[] der =
          Base64.getMimeDecoder()
              .decode(pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").strip());
      PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
      char[] password = "kubelet".toCharArray();
      KeyStore keys = KeyStore.getInstance("PKCS12");
      keys.load(null, null);
      keys.setKeyEntry("kubelet", key, password, new Certificate[] {cert});
      KeyManagerFactory keyManagers =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keyManagers.init(keys, password);
      KeyStore trusted = KeyStore.getInstance("PKCS12");
      trusted.load(null, null);
      trusted.setCertificateEntry("ca", ca);
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trusted);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(keyManagers.getKeyManagers(), trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot serve TLS with " + tls, e);
    }
  }
}
