package dev.headroom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The probe that tells waiting evaluations the apiserver is back: its {@code /readyz} answered 200
 * within a second. A stand-in HTTP server plays the apiserver: this is about codes and time.
 */
class ApiserverProbeTest {

  @Test
  void readyOnlyWhenReadyzAnswers200InTimeOrTheIdentityMayNotAsk() throws Exception {
    AtomicInteger code = new AtomicInteger(200);
    AtomicInteger delayMillis = new AtomicInteger(0);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/readyz",
        exchange -> {
          try {
            Thread.sleep(delayMillis.get());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = (code.get() == 200 ? "ok" : "[-]etcd failed").getBytes();
          exchange.sendResponseHeaders(code.get(), body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
    server.start();
    String url = "http://127.0.0.1:" + server.getAddress().getPort();
    try (KubernetesClient client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder().withMasterUrl(url).withRequestRetryBackoffLimit(0).build())
            .build()) {
      ApiserverProbe probe = new ApiserverProbe(client);
      assertThat(probe.getAsBoolean()).as("200").isTrue();
      code.set(500);
      assertThat(probe.getAsBoolean()).as("500: etcd away").isFalse();
      code.set(403);
      assertThat(probe.getAsBoolean()).as("403: it answers, /readyz not open to us").isTrue();
      code.set(200);
      delayMillis.set(2_000);
      assertThat(probe.getAsBoolean()).as("later than a second").isFalse();
      delayMillis.set(0);
      server.stop(0);
      assertThat(probe.getAsBoolean()).as("nobody listening").isFalse();
    } finally {
      server.stop(0);
    }
  }
}
