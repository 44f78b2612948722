package dev.headroom.testing.prometheus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A target the test Prometheus scrapes; closing it removes its file-discovery file, and Prometheus
 * stops scraping it at its next refresh.
 *
 * @param name the value of the {@code headroom_test} label on its series
 * @param file its file under the server's targets directory
 */
public record ScrapeTarget(String name, Path file) implements AutoCloseable {
  /** A selector matching this target's series, e.g. {@code {headroom_test="latency"}}. */
  public String selector() {
    return "{" + PrometheusServer.TARGET_LABEL + "=\"" + name + "\"}";
  }

  @Override
  public void close() {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
