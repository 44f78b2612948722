package dev.headroom.testing.load;

import dev.headroom.sim.load.LoadTrace;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Sends {@code GET path} to a Service's Ready endpoints (or to one address) at the rate {@code
 * load} gives for each second since {@link #start}, each request at its scheduled instant whether
 * or not earlier ones were answered: evenly spaced and to the endpoints in turn, or ({@link
 * Arrivals#POISSON}) as a Poisson process to endpoints chosen at random. Latency is measured from
 * the scheduled instant, so a request that waited for a connection counts its wait, and recorded in
 * microseconds; a request with no Ready endpoint to go to, or not answered 2xx within the timeout,
 * is an error.
 */
public final class OpenLoopLoad implements AutoCloseable {
  /** How requests are spread over time and over the endpoints. */
  public enum Arrivals {
    /** Evenly spaced, the endpoints in turn: the smoothest load a rate can be. */
    EVEN,
    /**
     * Exponential gaps (seeded) around the rate, each request to an endpoint chosen at random as
     * kube-proxy's iptables mode does: many independent clients, what the simulator assumes.
     */
    POISSON
  }

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long TICK_MICROS = 10_000;

  private final LoadTrace load;
  private final String path;
  private final int port;
  private final Supplier<List<String>> addresses;
  private final AutoCloseable addressSource;
  private final HttpClient http;
  private final ExecutorService io = Executors.newCachedThreadPool(daemon("load-io"));
  private final ScheduledExecutorService clock =
      Executors.newSingleThreadScheduledExecutor(daemon("load-clock"));
  private final Recorder latency = new Recorder(TimeUnit.MINUTES.toMicros(1), 3);
  private final Histogram total = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong errors = new AtomicLong();
  private final AtomicInteger next = new AtomicInteger();
  private final Arrivals arrivals;
  private final Random random;
  private long startNanos;
  private double due; // requests due so far by the rate's integral, fractional
  private double nextArrival = 1; // the integral at which the next request goes

  private OpenLoopLoad(
      Supplier<List<String>> addresses,
      AutoCloseable addressSource,
      int port,
      String path,
      LoadTrace load,
      Arrivals arrivals,
      long seed) {
    this.arrivals = arrivals;
    this.random = new Random(seed);
    this.addresses = addresses;
    this.addressSource = addressSource;
    this.load = load;
    this.path = path;
    this.port = port;
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .executor(io)
            .build();
  }

  /**
   * Starts sending to {@code service}'s Ready endpoints on {@code port}, as the endpoint-slice
   * controller lists them.
   */
  public static OpenLoopLoad start(
      KubernetesClient client,
      String namespace,
      String service,
      int port,
      String path,
      LoadTrace load) {
    return start(client, namespace, service, port, path, load, Arrivals.EVEN, 0);
  }

  /** The same, with these arrivals ({@code seed} draws the Poisson gaps and endpoints). */
  public static OpenLoopLoad start(
      KubernetesClient client,
      String namespace,
      String service,
      int port,
      String path,
      LoadTrace load,
      Arrivals arrivals,
      long seed) {
    SharedIndexInformer<EndpointSlice> slices =
        client
            .discovery()
            .v1()
            .endpointSlices()
            .inNamespace(namespace)
            .withLabel("kubernetes.io/service-name", service)
            .inform();
    return start(
        new OpenLoopLoad(
            () -> readyAddresses(slices), slices::close, port, path, load, arrivals, seed));
  }

  /** Starts sending to one address on {@code port}: a process with no Service in front. */
  public static OpenLoopLoad start(String address, int port, String path, LoadTrace load) {
    return start(address, port, path, load, Arrivals.EVEN, 0);
  }

  /** The same, with these arrivals. */
  public static OpenLoopLoad start(
      String address, int port, String path, LoadTrace load, Arrivals arrivals, long seed) {
    return start(
        new OpenLoopLoad(() -> List.of(address), () -> {}, port, path, load, arrivals, seed));
  }

  private static OpenLoopLoad start(OpenLoopLoad generator) {
    generator.startNanos = System.nanoTime();
    generator.clock.scheduleAtFixedRate(generator::tick, 0, TICK_MICROS, TimeUnit.MICROSECONDS);
    return generator;
  }

  /** Sends what is due by now: the integral of the rate since the start, request by request. */
  private void tick() {
    long now = System.nanoTime();
    double seconds = (now - startNanos) / 1e9;
    due += load.rpsAt(seconds) * TICK_MICROS / 1e6;
    while (due >= nextArrival) {
      nextArrival += arrivals == Arrivals.EVEN ? 1 : -Math.log(1 - random.nextDouble());
      send(now);
    }
  }

  private void send(long scheduledNanos) {
    sent.incrementAndGet();
    List<String> ready = addresses.get();
    if (ready.isEmpty()) {
      errors.incrementAndGet();
      return;
    }
    int index =
        arrivals == Arrivals.EVEN
            ? Math.floorMod(next.getAndIncrement(), ready.size())
            : random.nextInt(ready.size());
    String address = ready.get(index);
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + address + ":" + port + path))
            .timeout(TIMEOUT)
            .build();
    http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .whenComplete(
            (response, failure) -> {
              long micros = (System.nanoTime() - scheduledNanos) / 1000;
              if (failure != null || response.statusCode() / 100 != 2) {
                errors.incrementAndGet();
              } else {
                latency.recordValue(Math.min(micros, TimeUnit.MINUTES.toMicros(1)));
              }
            });
  }

  /** The addresses it sends to now: a Service's Ready endpoints, or the one it was given. */
  public List<String> readyAddresses() {
    return addresses.get();
  }

  private static List<String> readyAddresses(SharedIndexInformer<EndpointSlice> slices) {
    List<String> out = new ArrayList<>();
    for (EndpointSlice slice : slices.getStore().list()) {
      if (slice.getEndpoints() == null) {
        continue;
      }
      for (Endpoint endpoint : slice.getEndpoints()) {
        boolean ready =
            endpoint.getConditions() == null
                || !Boolean.FALSE.equals(endpoint.getConditions().getReady());
        if (ready && endpoint.getAddresses() != null) {
          out.addAll(endpoint.getAddresses());
        }
      }
    }
    out.sort(null);
    return out;
  }

  public long sent() {
    return sent.get();
  }

  public long errors() {
    return errors.get();
  }

  /** Every answered request's latency so far, in microseconds. */
  public synchronized Histogram latencyMicros() {
    total.add(latency.getIntervalHistogram());
    return total.copy();
  }

  @Override
  public void close() {
    clock.shutdownNow();
    try {
      addressSource.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the address source", e);
    }
    io.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }
}
