/**
 * The simulated Deployment: pods with start-up delay, the ReplicaSet's deletion order, rolling
 * updates, OOM restarts with crash back-off, and the containers' cumulative counters that
 * monitoring reads. Imports {@code sim} value types only.
 */
package dev.headroom.sim.cluster;
