/**
 * The demo behind {@code scripts/demo.sh}: the real closed loop on this machine, without a cluster
 * of one's own. {@link dev.headroom.demo.Demo} starts the tests' servers (the shared cluster, with
 * fake nodes on the local control plane, and the shared Prometheus), a Deployment whose pods a
 * {@link dev.headroom.testing.workload.LiveWorkload} serves, and the operator in-process; applies
 * {@code examples/demo/web-policy.yaml}, drives a load step and back, and prints the target's and
 * the policy's state and Events as they change ({@link dev.headroom.demo.Progress}). It may import
 * the operator's runtime and API model, the {@code testing} packages and Fabric8; nothing imports
 * it.
 */
package dev.headroom.demo;
