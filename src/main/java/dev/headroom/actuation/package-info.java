/**
 * Actuation: how Headroom finds and changes a target and finds who else owns it. A target is any
 * kind whose resource serves the {@code scale} subresource, resolved by API discovery and read with
 * its scale ({@link dev.headroom.actuation.Workloads}). It sets a built-in workload's replicas and
 * its pod template's container requests and limits by server-side apply under the field manager
 * {@code headroom} (owning only those fields), another kind's replicas through {@code scale} and an
 * Argo Rollout's template by a guarded JSON patch, resizes running pods in place through the pod
 * {@code resize} subresource where the cluster serves it (and says why not where it does not),
 * rate-limits rollouts, discovers which autoscaling APIs the cluster serves and finds the other
 * owners of a target (HPAs, VPAs, KEDA ScaledObjects, an older PerformancePolicy), and reads a
 * target's replicas, resources and OOM kills from Fabric8 model objects. Values are records and the
 * request building, reading and rate limiting are pure functions, unit-tested without a cluster;
 * only {@link dev.headroom.actuation.WorkloadActuator}, {@link dev.headroom.actuation.Workloads},
 * {@link dev.headroom.actuation.InPlaceResizer}, {@link dev.headroom.actuation.ApiDiscovery} and
 * {@link dev.headroom.actuation.ConflictFinder} talk to the apiserver. It may import the JDK, the
 * Fabric8 client and model, {@code api.v1alpha1} and {@code engine} value types; never the
 * reconciler, the runtime or the Java Operator SDK.
 */
package dev.headroom.actuation;
