package dev.headroom.reconciler;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The values of the Secrets policies name for their Prometheus credentials, kept for {@link #TTL}:
 * a policy evaluated every 30 s reads its Secret once a minute, not at every evaluation, and the
 * policies that share a Secret share one read. A watch would make rotation immediate, but needs
 * {@code list} and {@code watch} on Secrets, which would let the operator read every Secret in the
 * namespaces it watches; a GET by name of the Secrets policies name keeps it to those. A rotated
 * credential applies within {@link #TTL}, or at once when Prometheus refuses the old one (the
 * policy's Secrets are then read again, see {@link #forget}). Only the values are held, in memory,
 * never logged.
 */
final class SecretValues {
  static final Duration TTL = Duration.ofMinutes(1);

  private record Key(String namespace, String name, String key) {}

  private record Held(String value, Instant readAt) {}

  private final Clock clock;
  private final Map<Key, Held> held = new ConcurrentHashMap<>();

  SecretValues(Clock clock) {
    this.clock = clock;
  }

  /**
   * The value of {@code key} in Secret {@code namespace/name}: the one read less than {@link #TTL}
   * ago, else {@code read} (which may throw; nothing is kept then).
   */
  String value(String namespace, String name, String key, Supplier<String> read) {
    Key k = new Key(namespace, name, key);
    Instant now = clock.instant();
    Held h = held.get(k);
    if (h != null && now.isBefore(h.readAt().plus(TTL))) {
      return h.value();
    }
    String value = read.get();
    held.put(k, new Held(value, now));
    return value;
  }

  /** Reads the Secret {@code namespace/name} again at its next use. */
  void forget(String namespace, String name) {
    held.keySet().removeIf(k -> k.namespace().equals(namespace) && k.name().equals(name));
  }
}
