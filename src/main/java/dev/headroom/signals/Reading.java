package dev.headroom.signals;

import dev.headroom.engine.ContainerUsage;
import java.time.Instant;
import java.util.Map;

/** What one signal of one policy came to. */
sealed interface Reading {
  /** A fresh, finite value in the signal's unit. */
  record Value(double value, Instant sampledAt) implements Reading {}

  /** Per-container usage, each fresh and finite. */
  record Usage(Map<String, ContainerUsage> containers, Instant sampledAt) implements Reading {
    public Usage {
      containers = Map.copyOf(containers);
    }
  }

  /** No usable value, and why. */
  record Failed(SignalError error, String message) implements Reading {}
}
