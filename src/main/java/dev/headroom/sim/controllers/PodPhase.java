package dev.headroom.sim.controllers;

/** A pod's phase, as far as the HPA's pod grouping cares. */
public enum PodPhase {
  PENDING,
  RUNNING,
  SUCCEEDED,
  FAILED
}
