/**
 * The simulator's baseline controllers: a faithful Kubernetes HPA on CPU utilisation ({@link
 * dev.headroom.sim.controllers.HpaController}) and a KEDA ScaledObject with a Prometheus trigger
 * ({@link dev.headroom.sim.controllers.KedaController}), built on a port of the HPA's replica
 * calculator ({@link dev.headroom.sim.controllers.ReplicaCalculator}) and on {@code
 * engine.behavior} for stabilization and rate limits. Each sees only an {@link
 * dev.headroom.sim.Observation}, is deterministic, and keeps its history in immutable values. It
 * may import {@code sim} and {@code engine}; nothing outside the simulator imports it.
 */
package dev.headroom.sim.controllers;
