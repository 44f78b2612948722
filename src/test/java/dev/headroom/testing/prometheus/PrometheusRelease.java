package dev.headroom.testing.prometheus;

/**
 * Which generation of Prometheus a {@link RealPrometheus} class runs against. 3.0 changed parts of
 * PromQL (left-open range selectors, {@code .} matching newlines) and of the API ({@code infos}
 * beside {@code warnings}), so the signals tests run against both.
 */
public enum PrometheusRelease {
  /** Debian bookworm's Prometheus 2.42 ({@code bin/prometheus}). */
  V2,
  /** Prometheus 3.16.0 built from Go modules by scripts/test-env.sh ({@code bin/prometheus-sd}). */
  V3
}
