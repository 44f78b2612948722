package dev.headroom.actuation;

/** A change Headroom could not make, with a message fit for a condition or an Event. */
public class ActuationException extends RuntimeException {
  public ActuationException(String message) {
    super(message);
  }

  public ActuationException(String message, Throwable cause) {
    super(message, cause);
  }
}
