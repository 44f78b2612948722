/**
 * The node agent: kubelets without a container runtime, so Deployments become Ready on the local
 * control plane. In fake mode pods only look Running, with an OOM-kill model for memory limits; on
 * process-backed nodes each container is a real process in a cgroup ({@code testing.process}), its
 * image mapped to a program of the test tree. Either mode serves the kubelet's resource-metrics
 * endpoint for metrics-server. It may import {@code testing.env}, {@code testing.process}, {@code
 * testing.prometheus} (the exposition writer), Fabric8 and SLF4J.
 */
package dev.headroom.testing.nodes;
