/**
 * The simulated workload, a Deployment or a StatefulSet: pods with start-up delay, the ReplicaSet's
 * deletion order or the StatefulSet's ordinals (OrderedReady: one pod at a time), rolling updates,
 * OOM restarts with crash back-off, and the containers' cumulative counters that monitoring reads.
 * Imports {@code sim} value types only.
 */
package dev.headroom.sim.cluster;
