package dev.headroom.api.v1alpha1;

/**
 * Well-known request-latency histograms. Each preset knows its metric names, its unit and how its
 * series are labelled with the target's namespace and pods.
 */
public enum HistogramPreset {
  /** Prometheus client libraries and OpenTelemetry: a {@code *_seconds} histogram named by you. */
  PrometheusHistogram,
  /** Micrometer / Spring Boot: {@code http_server_requests_seconds}. */
  Micrometer,
  /** Istio sidecars: {@code istio_request_duration_milliseconds}. */
  Istio,
  /** ingress-nginx: {@code nginx_ingress_controller_request_duration_seconds}. */
  NginxIngress,
  /** Linkerd proxies: {@code response_latency_ms}. */
  Linkerd
}
