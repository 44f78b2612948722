/**
 * The simulator: a deterministic, discrete-time model of a service on Kubernetes (queueing,
 * start-up delay, OOM kills, a slow dependency), load traces, and controllers run side by side on
 * the same trace and model — Headroom's engine, a faithful HPA, a KEDA-style controller and a
 * clairvoyant oracle — with scores and reports. Controllers see only an {@link
 * dev.headroom.sim.Observation}: what the Kubernetes API and Prometheus would show, never the
 * model's parameters. It may import {@code engine} and {@code api}; nothing here touches a cluster.
 */
package dev.headroom.sim;
