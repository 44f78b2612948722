package dev.headroom.testing.service;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import sun.misc.Unsafe;

/**
 * A small real service. {@code GET /work} burns {@code cpuMillis} of this thread's CPU time
 * (SHA-256 over a buffer until the thread's CPU clock says so, so the cost per request is the same
 * on any machine and under any CPU quota: a throttled process takes longer in wall time, not more
 * CPU), then sleeps {@code dependencyMillis} (a call to something slow, no CPU), holding {@code
 * memoryPerRequestBytes} of native memory (touched, so it counts in the cgroup) until it answers.
 * {@code GET /metrics} is the Prometheus text format; {@code GET /healthz} answers 200 for probes.
 *
 * <p>Configured from the environment, as a Deployment's container would be: {@code PORT}, {@code
 * BIND} (default 127.0.0.1), {@code CPU_MILLIS}, {@code DEPENDENCY_MILLIS}, {@code DEPENDENCY_URL}
 * (a real dependency: each request also GETs it and answers 502 if it fails), {@code
 * MEMORY_PER_REQUEST_BYTES}, {@code THREADS} (concurrent requests, default 64).
 */
public final class SampleService {
  /** Around the budgets the tests set, as LiveWorkload's buckets. */
  public static final double[] BUCKETS_SECONDS = {
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.75, 1, 2.5, 5, 10, 30
  };

  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static final long PAGE = 4096;

  private final long cpuNanos;
  private final long dependencyMillis;
  private final long memoryPerRequestBytes;
  private final Optional<URI> dependency;
  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final Histogram latency;
  private final Counter cpuWork;
  private final Unsafe unsafe;

  SampleService(
      long cpuMillis, long dependencyMillis, long memoryPerRequestBytes, Optional<URI> dependency) {
    this.cpuNanos = cpuMillis * 1_000_000;
    this.dependencyMillis = dependencyMillis;
    this.memoryPerRequestBytes = memoryPerRequestBytes;
    this.dependency = dependency;
    this.latency =
        Histogram.builder()
            .name("http_server_requests_seconds")
            .help("request duration, as Micrometer names it")
            .labelNames("status")
            .classicOnly()
            .classicUpperBounds(BUCKETS_SECONDS)
            .register(registry);
    this.cpuWork =
        Counter.builder()
            .name("sample_cpu_work_seconds")
            .help("CPU time the handlers burned")
            .register(registry);
    this.unsafe = memoryPerRequestBytes > 0 ? unsafe() : null;
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> env = System.getenv();
    SampleService service =
        new SampleService(
            Long.parseLong(env.getOrDefault("CPU_MILLIS", "20")),
            Long.parseLong(env.getOrDefault("DEPENDENCY_MILLIS", "0")),
            Long.parseLong(env.getOrDefault("MEMORY_PER_REQUEST_BYTES", "0")),
            Optional.ofNullable(env.get("DEPENDENCY_URL")).map(URI::create));
    HttpServer server =
        HttpServer.create(
            new InetSocketAddress(
                InetAddress.getByName(env.getOrDefault("BIND", "127.0.0.1")),
                Integer.parseInt(env.getOrDefault("PORT", "8080"))),
            1024);
    server.setExecutor(
        Executors.newFixedThreadPool(Integer.parseInt(env.getOrDefault("THREADS", "64"))));
    server.createContext("/work", service::work);
    server.createContext("/metrics", service::metrics);
    server.createContext("/healthz", exchange -> respond(exchange, 200, "ok\n"));
    server.start();
    System.out.println("sample service listening on " + server.getAddress());
  }

  private void work(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    long memory = hold();
    try {
      burn();
      if (dependencyMillis > 0) {
        TimeUnit.MILLISECONDS.sleep(dependencyMillis);
      }
      String status = callDependency();
      // Observed before the answer goes out, so a scrape that follows the answer counts it
      // (observed after, a client's next request could read the registry first).
      latency.labelValues(status).observe((System.nanoTime() - start) / 1e9);
      respond(
          exchange, Integer.parseInt(status), "200".equals(status) ? "done\n" : "bad gateway\n");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      latency.labelValues("503").observe((System.nanoTime() - start) / 1e9);
      respond(exchange, 503, "interrupted\n");
    } finally {
      release(memory);
    }
  }

  /** The dependency's answer as this service answers: 200, or 502 when it failed. */
  private String callDependency() throws InterruptedException {
    if (dependency.isEmpty()) {
      return "200";
    }
    try {
      int code =
          http.send(HttpRequest.newBuilder(dependency.get()).build(), BodyHandlers.discarding())
              .statusCode();
      return code >= 200 && code < 300 ? "200" : "502";
    } catch (IOException e) {
      return "502";
    }
  }

  /** Burns this thread's CPU until its CPU clock has advanced by {@code cpuNanos}. */
  private void burn() {
    if (cpuNanos <= 0) {
      return;
    }
    long until = THREADS.getCurrentThreadCpuTime() + cpuNanos;
    byte[] buffer = new byte[4096];
    MessageDigest sha;
    try {
      sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    while (THREADS.getCurrentThreadCpuTime() < until) {
      buffer[0]++;
      sha.update(buffer);
      buffer[1] = sha.digest()[0];
    }
    cpuWork.inc(cpuNanos / 1e9);
  }

  /** Native memory, every page written, so the kernel charges it to the cgroup now. */
  private long hold() {
    if (unsafe == null) {
      return 0;
    }
    long address = unsafe.allocateMemory(memoryPerRequestBytes);
    for (long offset = 0; offset < memoryPerRequestBytes; offset += PAGE) {
      unsafe.putByte(address + offset, (byte) 1);
    }
    return address;
  }

  private void release(long address) {
    if (address != 0) {
      unsafe.freeMemory(address);
    }
  }

  private void metrics(HttpExchange exchange) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextFormatWriter(false).write(out, registry.scrape());
    exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
    byte[] body = out.toByteArray();
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream response = exchange.getResponseBody()) {
      response.write(body);
    }
  }

  private static void respond(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private static Unsafe unsafe() {
    try {
      Field field = Unsafe.class.getDeclaredField("theUnsafe");
      field.setAccessible(true);
      return (Unsafe) field.get(null);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("no sun.misc.Unsafe for native memory", e);
    }
  }
}
