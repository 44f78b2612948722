package dev.headroom.testing.load;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A local server that answers {@code /work} at once and records when each request arrived, for
 * tests of the generator's schedule.
 */
final class ArrivalRecorder implements AutoCloseable {
  private final List<Long> arrivals = new CopyOnWriteArrayList<>();
  private final ExecutorService threads = Executors.newFixedThreadPool(8);
  private final HttpServer server;

  private ArrivalRecorder(HttpServer server) {
    this.server = server;
  }

  static ArrivalRecorder start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
      ArrivalRecorder recorder = new ArrivalRecorder(server);
      server.setExecutor(recorder.threads);
      server.createContext(
          "/work",
          exchange -> {
            recorder.arrivals.add(System.nanoTime());
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
          });
      server.start();
      return recorder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  /** {@link System#nanoTime} of each arrival so far, in order. */
  List<Long> arrivals() {
    return arrivals.stream().sorted().toList();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
