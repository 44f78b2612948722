package dev.headroom.testing.crd;

import java.util.Map;

/** One entry of {@code x-kubernetes-validations}. */
record ValidationRule(
    String rule,
    String message,
    String messageExpression,
    String fieldPath,
    String reason,
    boolean optionalOldSelf) {

  static ValidationRule parse(Map<?, ?> raw) {
    return new ValidationRule(
        text(raw.get("rule")),
        text(raw.get("message")),
        text(raw.get("messageExpression")),
        text(raw.get("fieldPath")),
        text(raw.get("reason")),
        Boolean.TRUE.equals(raw.get("optionalOldSelf")));
  }

  /** What the apiserver names the rule by in errors: its message if it has one, else its text. */
  String errorString() {
    return message.isEmpty() ? rule.trim() : message.trim();
  }

  String messageOrDefault() {
    return message.isEmpty() ? "failed rule: " + errorString() : message.trim();
  }

  private static String text(Object value) {
    return value == null ? "" : value.toString();
  }
}
