/**
 * The "real service": per-pod M/G/c queueing (Erlang C with Allen–Cunneen; under one core with a
 * CPU limit, a seeded simulation of the kernel's CFS quota accounting), a fluid backlog under
 * overload, timeouts, CPU and CFS throttling, memory by Little's law and OOM kills, a slow
 * dependency. Only the world and the oracle use it; controllers under test never see it. Imports
 * {@code sim} value types only.
 */
package dev.headroom.sim.model;
