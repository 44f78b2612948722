/**
 * A simulated service on a real cluster: the simulator's service model ({@code sim.model}) driven
 * by the Ready pods of a real Deployment, exposing what the service and its kubelet would show
 * Prometheus, and telling the fake nodes what its containers hold in memory. May import {@code
 * sim}, the Fabric8 client and {@code testing.nodes}; nothing of the operator.
 */
package dev.headroom.testing.workload;
