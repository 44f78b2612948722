/**
 * The reconciler: the thin imperative shell that reads a policy and its target from the informer
 * caches, evaluates it, records Events and patches the status only when it changed. What the status
 * should be is decided by pure functions here ({@code PolicyEvaluation}, {@code Conditions}) so it
 * is tested without a cluster; the Java Operator SDK and Fabric8 glue stays in {@code
 * PerformancePolicyReconciler} and {@code EventRecorder}. It may import {@code api}, the Java
 * Operator SDK, Fabric8 and the Prometheus client; it must not be imported by {@code api}.
 */
package dev.headroom.reconciler;
