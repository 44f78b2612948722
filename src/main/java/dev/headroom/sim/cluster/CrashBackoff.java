package dev.headroom.sim.cluster;

/** The kubelet's restart back-off for a crashing container (CrashLoopBackOff). */
final class CrashBackoff {
  /** The back-off resets once a container has run this long. */
  static final int RESET_AFTER_SECONDS = 600;

  private static final int FIRST_DELAY_SECONDS = 10;
  private static final int MAX_DELAY_SECONDS = 300;

  private CrashBackoff() {}

  /**
   * The wait before restarting after the {@code crashes}-th crash in a row: 0, 10, 20, 40 … 300.
   */
  static int delaySeconds(int crashes) {
    if (crashes <= 1) {
      return 0;
    }
    long delay = (long) FIRST_DELAY_SECONDS << Math.min(crashes - 2, 20);
    return (int) Math.min(delay, MAX_DELAY_SECONDS);
  }
}
