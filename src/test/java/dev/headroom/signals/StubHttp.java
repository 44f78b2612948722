package dev.headroom.signals;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Function;
import javax.net.ssl.SSLContext;

/**
 * A JDK HTTP server on loopback that answers as a test says and records each request: a stand-in
 * for Prometheus or for a proxy in front of it, for the narrow HTTP tests.
 */
final class StubHttp implements AutoCloseable {
  /** One answer: status, body, and a delay before it. */
  record Reply(int status, String body, long delayMillis) {
    static Reply ok(String body) {
      return new Reply(200, body, 0);
    }

    static Reply status(int status, String body) {
      return new Reply(status, body, 0);
    }
  }

  /** What the stub received. */
  record Request(String method, String path, Map<String, List<String>> headers, String body) {
    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst()
          .orElse(null);
    }

    /** A form field, URL-decoded. */
    String form(String name) {
      for (String pair : body.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).equals(name)) {
          return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        }
      }
      return null;
    }
  }

  private final HttpServer server;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private volatile Function<Request, Reply> replies;

  private StubHttp(HttpServer server, Function<Request, Reply> replies) {
    this.server = server;
    this.replies = replies;
    server.createContext("/", this::handle);
    server.setExecutor(Executors.newCachedThreadPool());
    server.start();
  }

  static StubHttp start(Function<Request, Reply> replies) {
    try {
      return new StubHttp(
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0),
          replies);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static StubHttp startTls(SSLContext context, Function<Request, Reply> replies) {
    try {
      HttpsServer server =
          HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(context));
      return new StubHttp(server, replies);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  void answer(Function<Request, Reply> replies) {
    this.replies = replies;
  }

  String url() {
    String scheme = server instanceof HttpsServer ? "https" : "http";
    return scheme + "://127.0.0.1:" + server.getAddress().getPort();
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Request> requests() {
    return requests;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      Request request =
          new Request(
              exchange.getRequestMethod(),
              exchange.getRequestURI().getPath(),
              Map.copyOf(exchange.getRequestHeaders()),
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      requests.add(request);
      Reply reply = replies.apply(request);
      if (reply.delayMillis() > 0) {
        try {
          Thread.sleep(reply.delayMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
      if (body.length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    } catch (IOException e) {
      // the client went away (a timeout test); nothing to answer
    }
  }

  @Override
  public void close() {
    server.stop(0);
    ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
  }

  /** A success answer of one series per label set with this value. */
  static String vector(String... seriesAndValues) {
    StringBuilder out =
        new StringBuilder(
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[");
    for (int i = 0; i < seriesAndValues.length; i += 2) {
      if (i > 0) {
        out.append(',');
      }
      out.append("{\"metric\":")
          .append(seriesAndValues[i])
          .append(",\"value\":[")
          .append(System.currentTimeMillis() / 1000.0)
          .append(",\"")
          .append(seriesAndValues[i + 1])
          .append("\"]}");
    }
    return out.append("]}}").toString();
  }
}
