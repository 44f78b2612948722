package dev.headroom.signals;

import dev.headroom.testing.env.Poll;
import dev.headroom.testing.prometheus.MetricsEndpoint;
import dev.headroom.testing.prometheus.PrometheusServer;
import dev.headroom.testing.prometheus.ScrapeTarget;
import dev.headroom.testing.prometheus.ScrapingServer;
import java.time.Duration;
import java.util.List;

/**
 * Synthetic services served on an endpoint the test Prometheus (or VictoriaMetrics) scrapes, from
 * the moment they are made; close to stop both.
 */
public final class ScrapedServices implements AutoCloseable {
  private final long startNanos = System.nanoTime();
  private final MetricsEndpoint endpoint;
  private final ScrapeTarget target;
  private final ScrapingServer prometheus;

  public ScrapedServices(ScrapingServer prometheus, String name, List<Synthetic.Service> services) {
    this(prometheus, name, services, PrometheusServer.SCRAPE_INTERVAL);
  }

  /** Scraped every {@code interval} instead of the server's 1 s: for many services. */
  public ScrapedServices(
      ScrapingServer prometheus, String name, List<Synthetic.Service> services, Duration interval) {
    this.prometheus = prometheus;
    // Counters start at 1 s worth of traffic, so even the first scrape is non-zero.
    this.endpoint =
        MetricsEndpoint.serve(
            () -> Synthetic.exposition(services, 1 + (System.nanoTime() - startNanos) / 1e9));
    this.target = prometheus.scrape(name, endpoint.uri(), interval);
  }

  /**
   * Waits until Prometheus has scraped the services successfully for {@code window} and a bit more,
   * so a {@code rate()} over the window sees a full window of samples.
   */
  public ScrapedServices awaitFilled(Duration window) {
    Poll.until(
        Duration.ofSeconds(60),
        "Prometheus to scrape " + endpoint.uri(),
        () -> prometheus.query("up" + target.selector()).stream().anyMatch(s -> s.value() == 1.0));
    long firstScrape = System.nanoTime();
    long until = firstScrape + window.plusSeconds(3).toNanos();
    while (System.nanoTime() < until) {
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return this;
  }

  @Override
  public void close() {
    target.close();
    endpoint.close();
  }
}
