package dev.headroom.testing.service;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A dependency whose latency the test sets while it runs: a database or a downstream API that
 * becomes slow. It answers every {@code GET} with 200 after the current delay and uses no CPU while
 * it waits, so adding replicas of its callers cannot make it faster. The sample service calls it
 * when its {@code DEPENDENCY_URL} names {@link #uri()}.
 */
public final class SlowDependency implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final AtomicLong delayMillis;

  private SlowDependency(long initialDelayMillis) throws IOException {
    this.delayMillis = new AtomicLong(initialDelayMillis);
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.setExecutor(threads);
    server.createContext(
        "/",
        exchange -> {
          try {
            TimeUnit.MILLISECONDS.sleep(delayMillis.get());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = "ok\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
        });
    server.start();
  }

  public static SlowDependency start(long initialDelayMillis) throws IOException {
    return new SlowDependency(initialDelayMillis);
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  public void setDelayMillis(long millis) {
    delayMillis.set(millis);
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
