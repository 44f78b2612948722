package dev.headroom.signals;

import dev.headroom.testing.prometheus.PrometheusRelease;
import dev.headroom.testing.prometheus.RealPrometheus;

/**
 * {@link PromQlInjectionIT}'s tests against Prometheus 3 (3.x changed parts of PromQL and of the
 * API).
 */
@RealPrometheus(PrometheusRelease.V3)
class PromQlInjectionPrometheus3IT extends PromQlInjectionIT {}
