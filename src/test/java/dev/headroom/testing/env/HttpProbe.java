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
 */
public final class HttpProbe {
  private final HttpClient client;

  private HttpProbe(HttpClient client) {
    this.client = client;
  }

  public static HttpProbe plain() {
    return new HttpProbe(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
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
      return new HttpProbe(
          HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(2)).build());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot trust " + caPem, e);
    }
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
