package dev.headroom.sim.generate;

/**
 * The families of generated load. Their ranges are fixed in {@link ScenarioGenerator} and
 * docs/simulator.md; they are not tuned to any controller.
 */
public enum Family {
  /** Two to five steps up and down of random size at random times. */
  steps,
  /** A flat base, a rise of 10–20x within 0.5–5 minutes, a hold, a fall. */
  flashCrowd,
  /** Day-like cycles with multiplicative noise. */
  diurnal,
  /** A random walk of the rate with bursts on top. */
  randomWalk,
  /** A load that flips between a high and a low level every 1–5 minutes. */
  flap,
  /** Arrivals burstier than Poisson: a Markov-modulated rate at the scale of seconds. */
  bursty,
  /** A replay of a real trace (WorldCup98 or NASA) at a random offset and scale. */
  trace
}
