/**
 * The operator process: configuration, the Java Operator SDK runtime with the reconciler
 * registered, and the HTTP endpoints for probes and the operator's own metrics. It owns lifecycle
 * (start, readiness, shutdown) and nothing about policies. It may import {@code reconciler}, the
 * Java Operator SDK, Fabric8 and the Prometheus client; only {@code cli} imports it.
 */
package dev.headroom.runtime;
