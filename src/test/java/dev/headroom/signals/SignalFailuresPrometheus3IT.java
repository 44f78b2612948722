package dev.headroom.signals;

import dev.headroom.testing.prometheus.PrometheusRelease;
import dev.headroom.testing.prometheus.RealPrometheus;

/**
 * {@link SignalFailuresIT}'s tests against Prometheus 3 (3.x changed parts of PromQL and of the
 * API).
 */
@RealPrometheus(PrometheusRelease.V3)
class SignalFailuresPrometheus3IT extends SignalFailuresIT {}
