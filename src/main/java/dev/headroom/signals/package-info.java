/**
 * The signals layer: turns each policy's budgets into PromQL, asks Prometheus, and hands the engine
 * typed, trustworthy {@link dev.headroom.engine.Signals} plus a per-policy {@link
 * dev.headroom.signals.MetricsStatus} for the {@code MetricsAvailable} condition. It owns the
 * presets and their queries, batching (one grouped query per endpoint and metric instead of one per
 * policy), the HTTP client (timeouts, retries with jittered backoff, a circuit breaker per
 * endpoint, credentials, TLS) and the classification of every answer, so nothing it does throws
 * into a reconcile. {@link dev.headroom.signals.SignalReader} is the entry point. It may import the
 * JDK, Jackson, the Prometheus client's metrics, {@code signals.promql}, the {@code api.v1alpha1}
 * records and the {@code engine}'s value types; never a Kubernetes client (the reconciler reads
 * Secrets and hands over their values).
 */
package dev.headroom.signals;
