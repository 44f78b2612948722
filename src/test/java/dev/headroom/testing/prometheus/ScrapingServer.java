package dev.headroom.testing.prometheus;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/** A real server that scrapes test endpoints and answers PromQL: Prometheus or VictoriaMetrics. */
public interface ScrapingServer {
  /**
   * Starts scraping {@code endpoint} every {@code interval}; its series get {@code
   * headroom_test="<name>"}. Close the result to stop.
   */
  ScrapeTarget scrape(String name, URI endpoint, Duration interval);

  /** An instant query now. */
  List<PrometheusServer.Sample> query(String promql);
}
