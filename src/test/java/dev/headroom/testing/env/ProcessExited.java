package dev.headroom.testing.env;

/** A server process ended while the tests waited for it: no use waiting on, {@link Poll} stops. */
public final class ProcessExited extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public ProcessExited(String message) {
    super(message);
  }
}
