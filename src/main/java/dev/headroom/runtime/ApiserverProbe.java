package dev.headroom.runtime;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Whether the apiserver is ready now, by its own {@code GET /readyz} (which every authenticated
 * user may read), answered within a second. Readiness, not {@code /version}: an apiserver whose
 * etcd is away answers {@code /version} but can serve no request an evaluation makes. Sent through
 * the operator's own HTTP client (its credentials, TLS and token refresh), asynchronously: a probe
 * that times out is cancelled and holds no thread.
 */
final class ApiserverProbe implements BooleanSupplier {
  private static final long TIMEOUT_MILLIS = 1_000;

  private final KubernetesClient client;

  ApiserverProbe(KubernetesClient client) {
    this.client = client;
  }

  @Override
  public boolean getAsBoolean() {
    var http = client.getHttpClient();
    CompletableFuture<? extends io.fabric8.kubernetes.client.http.HttpResponse<String>> answer;
    try {
      answer =
          http.sendAsync(
              http.newHttpRequestBuilder()
                  .uri(URI.create(client.getMasterUrl().toString()).resolve("/readyz"))
                  .build(),
              String.class);
    } catch (RuntimeException e) {
      return false;
    }
    try {
      int code = answer.get(TIMEOUT_MILLIS, TimeUnit.MILLISECONDS).code();
      // 401/403: a cluster that does not let this identity read /readyz (the default
      // system:public-info-viewer binding removed). The apiserver answered, which is all this
      // probe can learn there; were it "not ready", evaluations would wait for ever.
      return code == 200 || code == 401 || code == 403;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException | TimeoutException e) {
      answer.cancel(true);
      return false;
    }
  }
}
