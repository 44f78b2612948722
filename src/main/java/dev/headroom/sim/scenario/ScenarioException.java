package dev.headroom.sim.scenario;

/** A scenario file that cannot be used, with the file, the field and what was expected. */
public final class ScenarioException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public ScenarioException(String message) {
    super(message);
  }

  public ScenarioException(String message, Throwable cause) {
    super(message, cause);
  }
}
