/**
 * The decision engine: a pure function from a policy, observed signals, the workload's state, its
 * own previous state and the time to a {@link dev.headroom.engine.Decision} — replicas, container
 * resources, every budget's standing and the reasons. It owns the control rules (HPA-style
 * utilisation scaling, queueing-model latency scaling with learned capacity, effectiveness checks,
 * rightsizing, missing-data safety) and nothing about how signals are read or decisions applied. It
 * may import only the JDK, {@code engine.behavior} and the API records it translates from ({@code
 * api.v1alpha1}); no Kubernetes client, no HTTP, no clock.
 */
package dev.headroom.engine;
