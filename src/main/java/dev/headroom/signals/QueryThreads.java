package dev.headroom.signals;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads queries are sent on: {@code parallelism} per endpoint (scheme, host and port), so an
 * endpoint that answers slowly or not at all holds only its own threads and never delays the
 * queries of policies on other endpoints. Idle threads end after a minute.
 */
final class QueryThreads implements AutoCloseable {
  private final int parallelism;
  private final Map<String, ExecutorService> byEndpoint = new ConcurrentHashMap<>();
  private final AtomicInteger count = new AtomicInteger();
  private volatile boolean closed;

  QueryThreads(int parallelism) {
    this.parallelism = Math.max(1, parallelism);
  }

  ExecutorService of(URI endpoint) {
    String key = endpoint.getScheme() + "://" + endpoint.getAuthority();
    ExecutorService executor = byEndpoint.computeIfAbsent(key, k -> pool());
    if (closed) {
      executor.shutdownNow();
    }
    return executor;
  }

  private ExecutorService pool() {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            parallelism,
            parallelism,
            1,
            TimeUnit.MINUTES,
            new LinkedBlockingQueue<>(),
            r -> {
              Thread t = new Thread(r, "headroom-signals-" + count.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  @Override
  public void close() {
    closed = true;
    byEndpoint.values().forEach(ExecutorService::shutdownNow);
  }
}
