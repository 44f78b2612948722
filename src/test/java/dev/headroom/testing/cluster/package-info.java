/**
 * Kubernetes for the integration tests: the choice of backend ({@link
 * dev.headroom.testing.cluster.Backends}: a kubeconfig, k3s in Docker, or the local 1.20 control
 * plane), the JUnit extensions {@link dev.headroom.testing.cluster.RealCluster} and {@link
 * dev.headroom.testing.cluster.RealCrdServer} (the CEL-capable server: the 1.36 apiserver, or the
 * CRD-only server on the 1.20 route), metrics-server behind the aggregation layer, and CRD
 * installation. It may import {@code testing.env}, {@code testing.nodes}, Fabric8, Testcontainers
 * and JUnit; not Headroom's production code, so it serves any test.
 */
package dev.headroom.testing.cluster;
