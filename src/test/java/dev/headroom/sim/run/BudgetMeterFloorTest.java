package dev.headroom.sim.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The simulator scores a throughput floor as the engine judges it: capacity, not demand. */
class BudgetMeterFloorTest {
  private static TrueSecond second(
      double arrivals, double succeeded, double failed, double capacity) {
    TrueSecond t = new TrueSecond();
    t.arrivals = arrivals;
    t.succeeded = succeeded;
    t.failed = failed;
    t.capacityRps = capacity;
    return t;
  }

  @Test
  void aQuietSecondWithTheFloorsCapacityMeetsIt() {
    assertThat(BudgetMeter.sustainedRps(second(20, 20, 0, 1200), 1000)).isEqualTo(1200);
  }

  @Test
  void aQuietSecondWithoutTheFloorsCapacityIsBelowIt() {
    assertThat(BudgetMeter.sustainedRps(second(20, 20, 0, 400), 1000)).isEqualTo(400);
  }

  @Test
  void failingMoreThanTheToleranceOfWhatIsOfferedIsWhatCounts() {
    // Half of 20 rps failed: 10 served, whatever the capacity.
    assertThat(BudgetMeter.sustainedRps(second(20, 10, 10, 1200), 1000)).isEqualTo(10);
  }

  @Test
  void aFewFailuresAreTheErrorBudgetsBusiness() {
    assertThat(BudgetMeter.sustainedRps(second(100, 98, 2, 1200), 1000)).isEqualTo(1200);
  }

  @Test
  void aboveTheFloorOnlyServingLessThanTheFloorCounts() {
    // 2000 offered, 10 % failed: 1800 served, above the floor of 1000.
    assertThat(BudgetMeter.sustainedRps(second(2000, 1800, 200, 900), 1000)).isEqualTo(1800);
    // 2000 offered, 60 % failed: 800 served, below it.
    assertThat(BudgetMeter.sustainedRps(second(2000, 800, 1200, 2400), 1000)).isEqualTo(800);
  }
}
