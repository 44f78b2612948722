/**
 * The reconciler: the thin imperative shell that reads a policy, its target and the target's pods
 * (from informer caches), asks a {@code MetricsSource} for the policy's signals (Prometheus,
 * through {@code signals}), runs the engine, makes the decided change through {@code actuation}
 * unless the policy only recommends or another autoscaler owns the target, records Events and
 * patches the status. What the status, the Events and the change should be, and which changes of a
 * target or its pods trigger an evaluation before the interval is up, are decided by pure functions
 * here ({@code PolicyEvaluation}, {@code DecisionStep}, {@code Conditions}, {@code
 * EvaluationTriggers}), tested without a cluster; the Java Operator SDK and Fabric8 glue stays in
 * {@code PerformancePolicyReconciler}, {@code TargetActuator}, {@code PrometheusMetricsSource} and
 * {@code EventRecorder}. It may import {@code api}, {@code engine}, {@code signals}, {@code
 * actuation}, the Java Operator SDK, Fabric8 and the Prometheus client; nothing but {@code runtime}
 * and {@code cli} imports it.
 */
package dev.headroom.reconciler;
