package dev.headroom.engine;

/**
 * What resources cost, in any one currency.
 *
 * @param perCoreHour one requested core for an hour
 * @param perGiBHour one requested GiB of memory for an hour
 */
public record Prices(double perCoreHour, double perGiBHour) {
  /** Typical on-demand cloud prices; only their ratio matters to the engine. */
  public static final Prices DEFAULT = new Prices(0.0316, 0.0042);

  public double perPodHour(long cpuRequestMillis, long memoryRequestBytes) {
    return cpuRequestMillis / 1000.0 * perCoreHour
        + memoryRequestBytes / (1024.0 * 1024 * 1024) * perGiBHour;
  }
}
