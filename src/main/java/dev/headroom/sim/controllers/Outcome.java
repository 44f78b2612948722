package dev.headroom.sim.controllers;

import java.util.Objects;

/**
 * A value, or the reason there is none: what the HPA's Go functions return as {@code (value, err)}.
 *
 * @param value present exactly when {@code failure} is null
 * @param failure the error message, in the HPA's words
 */
public record Outcome<T>(T value, String failure) {
  public Outcome {
    if ((value == null) == (failure == null)) {
      throw new IllegalArgumentException("exactly one of value and failure");
    }
  }

  public static <T> Outcome<T> success(T value) {
    return new Outcome<>(Objects.requireNonNull(value), null);
  }

  public static <T> Outcome<T> failure(String reason) {
    return new Outcome<>(null, Objects.requireNonNull(reason));
  }

  public boolean succeeded() {
    return failure == null;
  }
}
