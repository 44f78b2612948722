/**
 * The fake-node agent: kubelets without containers, so Deployments become Ready on the local
 * control plane, with an OOM-kill model for memory limits. It may import {@code testing.env},
 * Fabric8 and SLF4J.
 */
package dev.headroom.testing.nodes;
