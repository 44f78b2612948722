package dev.headroom.sim.cluster;

/**
 * A rolling update's limits in pods, resolved from percentages as Kubernetes does: the surge
 * rounded up, the unavailability rounded down, and at least one of them non-zero.
 */
public record RolloutBounds(int maxSurge, int maxUnavailable) {
  public static RolloutBounds of(int replicas, double surgeFraction, double unavailableFraction) {
    int surge = (int) Math.ceil(replicas * surgeFraction - 1e-9);
    int unavailable = (int) Math.floor(replicas * unavailableFraction + 1e-9);
    if (surge == 0 && unavailable == 0) {
      unavailable = 1;
    }
    return new RolloutBounds(surge, unavailable);
  }
}
