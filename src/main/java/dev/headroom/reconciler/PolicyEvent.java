package dev.headroom.reconciler;

/** A Kubernetes Event to record on the policy. */
public record PolicyEvent(Type type, String reason, String message) {
  public enum Type {
    Normal,
    Warning
  }
}
