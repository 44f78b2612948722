package dev.headroom.sim.evaluate;

/**
 * One controller setting's result on one scenario.
 *
 * @param family {@code headroom}, {@code oracle}, {@code hpa}, {@code keda-latency} or {@code
 *     keda-rps}
 * @param setting the setting within the family, e.g. {@code 50%} or {@code 0.75x}; empty for
 *     Headroom and the oracle
 * @param violationSeconds seconds in which any budget's true value was violated
 * @param replicaSeconds pods that existed, summed over seconds
 */
public record Point(String family, String setting, int violationSeconds, long replicaSeconds) {
  public String label() {
    return setting.isEmpty() ? family : family + "@" + setting;
  }

  public boolean isBaseline() {
    return !family.equals(Settings.HEADROOM) && !family.equals(Settings.ORACLE);
  }
}
