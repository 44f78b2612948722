package dev.headroom.sim.scenario;

import dev.headroom.sim.load.LoadTrace;

/**
 * A scenario's load.
 *
 * @param trace the offered rate over time
 * @param poissonArrivals whether each second's arrivals are drawn from a Poisson distribution
 *     around the trace's rate (seeded), rather than exactly the rate
 */
public record LoadSpec(LoadTrace trace, boolean poissonArrivals) {}
