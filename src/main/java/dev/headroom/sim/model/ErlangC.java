package dev.headroom.sim.model;

/** The Erlang C formula: the probability that an arrival to an M/M/c queue has to wait. */
public final class ErlangC {
  private ErlangC() {}

  /**
   * @param servers c, at least 1
   * @param offeredErlangs a = λ / μ, the mean number of busy servers the load asks for
   * @return P(wait) in [0, 1]; 1 when a >= c (the queue is unstable)
   */
  public static double waitProbability(int servers, double offeredErlangs) {
    if (servers < 1) {
      throw new IllegalArgumentException("servers must be >= 1, got " + servers);
    }
    if (!(offeredErlangs >= 0)) {
      throw new IllegalArgumentException("offered load must be >= 0, got " + offeredErlangs);
    }
    if (offeredErlangs == 0) {
      return 0;
    }
    if (offeredErlangs >= servers) {
      return 1;
    }
    // Erlang B by its recursion, which never forms a^c / c! and so cannot overflow.
    double blocking = 1;
    for (int k = 1; k <= servers; k++) {
      blocking = offeredErlangs * blocking / (k + offeredErlangs * blocking);
    }
    double rho = offeredErlangs / servers;
    return blocking / (1 - rho * (1 - blocking));
  }
}
