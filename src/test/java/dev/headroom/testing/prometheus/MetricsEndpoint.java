package dev.headroom.testing.prometheus;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * An HTTP endpoint on loopback that serves the Prometheus text format a test gives it, as an
 * instrumented service would; for Prometheus to scrape.
 */
public final class MetricsEndpoint implements AutoCloseable {
  /**
   * Prometheus 3 refuses a scrape whose Content-Type is missing or unknown, so it is set exactly.
   */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final HttpServer server;

  private MetricsEndpoint(HttpServer server) {
    this.server = server;
  }

  public static MetricsEndpoint serve(Supplier<String> exposition) {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.createContext(
          "/metrics",
          exchange -> {
            try (exchange) {
              byte[] body = exposition.get().getBytes(StandardCharsets.UTF_8);
              exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
              exchange.sendResponseHeaders(200, body.length);
              try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
              }
            }
          });
      server.start();
      return new MetricsEndpoint(server);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public URI uri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
