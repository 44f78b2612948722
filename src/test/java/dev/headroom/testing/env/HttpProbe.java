package dev.headroom.testing.env;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Plain HTTP(S) GETs for readiness endpoints ({@code /readyz}, {@code /-/ready}, etcd's /health).
 *
 * <p>HTTP/1.1 only: since 1.29 kube-apiserver answers an unauthenticated HTTP/2 request and sends
 * GOAWAY with it (the UnauthenticatedHTTP2DOSMitigation feature), and Java 17's HTTP/2 client fails
 * the request on that GOAWAY instead of reading the response that follows (curl reads it). A probe
 * is anonymous; the clients the tests and the operator use authenticate, so they are not affected.
 */
public final class HttpProbe {
  private final HttpClient client;

  private HttpProbe(HttpClient client) {
    this.client = client;
  }

  public static HttpProbe plain() {
    return new HttpProbe(builder().build());
  }

  /** Trusts exactly the CA in this PEM file, as curl --cacert does. */
  public static HttpProbe trusting(Path caPem) {
    try (InputStream in = Files.newInputStream(caPem)) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
      TrustManagerFactory trust =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(store);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, trust.getTrustManagers(), null);
      return new HttpProbe(builder().sslContext(tls).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust " + caPem, e);
    }
  }

  private static HttpClient.Builder builder() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(2));
  }

  /** The response, or an exception when nothing answers yet. */
  public HttpResponse<String> get(URI uri) {
    try {
      return client.send(
          HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(uri + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public boolean ok(URI uri) {
    return get(uri).statusCode() == 200;
  }
}
