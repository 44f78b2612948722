package dev.headroom.sim.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shapes the scenario generator draws from: steps, flash crowd, flap, per-second, modulated.
 */
class NewLoadShapesTest {
  @Test
  void stepsHoldEachLevelFromItsSecondOn() {
    StepsLoad steps =
        new StepsLoad(
            50,
            List.of(
                new StepsLoad.Step(100, 200),
                new StepsLoad.Step(300, 20),
                new StepsLoad.Step(700, 400)));

    assertThat(steps.rpsAt(0)).isEqualTo(50);
    assertThat(steps.rpsAt(99.9)).isEqualTo(50);
    assertThat(steps.rpsAt(100)).isEqualTo(200);
    assertThat(steps.rpsAt(299)).isEqualTo(200);
    assertThat(steps.rpsAt(300)).isEqualTo(20);
    assertThat(steps.rpsAt(700)).isEqualTo(400);
    assertThat(steps.rpsAt(1e6)).isEqualTo(400);
    assertThat(steps.loadChanges(800)).containsExactly(100, 300, 700);
    assertThat(steps.loadChanges(700)).containsExactly(100, 300);
    assertThat(new StepsLoad(7, List.of()).rpsAt(10)).isEqualTo(7);
    assertThat(new StepsLoad(7, List.of()).loadChanges(100)).isEmpty();
    assertThat(steps.describe())
        .isEqualTo("steps 50 rps, 200 rps at 100, 20 rps at 300, 400 rps at 700");
  }

  @Test
  void stepsMustBeInIncreasingOrderOfTime() {
    assertThatThrownBy(
            () -> new StepsLoad(1, List.of(new StepsLoad.Step(100, 2), new StepsLoad.Step(100, 3))))
        .hasMessageContaining("increasing order");
    assertThatThrownBy(
            () -> new StepsLoad(1, List.of(new StepsLoad.Step(200, 2), new StepsLoad.Step(100, 3))))
        .hasMessageContaining("increasing order");
    assertThatThrownBy(() -> new StepsLoad.Step(-1, 2)).hasMessageContaining("atSecond");
    assertThatThrownBy(() -> new StepsLoad.Step(1, -2)).hasMessageContaining("rps");
  }

  @Test
  void aFlashCrowdRisesHoldsAndFallsLinearly() {
    // Base 10, peak 200 from second 100: rise 50 s, hold 100 s, fall 200 s.
    FlashCrowdLoad crowd = new FlashCrowdLoad(10, 200, 100, 50, 100, 200);

    assertThat(crowd.rpsAt(0)).isEqualTo(10);
    assertThat(crowd.rpsAt(99.5)).isEqualTo(10);
    assertThat(crowd.rpsAt(100)).isEqualTo(10);
    assertThat(crowd.rpsAt(125)).isCloseTo(105, within(1e-9));
    assertThat(crowd.rpsAt(150)).isEqualTo(200);
    assertThat(crowd.rpsAt(249)).isEqualTo(200);
    assertThat(crowd.rpsAt(250)).isEqualTo(200);
    assertThat(crowd.rpsAt(350)).isCloseTo(105, within(1e-9));
    assertThat(crowd.rpsAt(450)).isEqualTo(10);
    assertThat(crowd.rpsAt(10_000)).isEqualTo(10);
    assertThat(crowd.loadChanges(3600)).containsExactly(100);
    assertThat(crowd.loadChanges(100)).isEmpty();
    assertThat(new FlashCrowdLoad(10, 200, 0, 1, 0, 1).rpsAt(1)).isEqualTo(200);
    assertThatThrownBy(() -> new FlashCrowdLoad(10, 200, 0, 0, 0, 1))
        .hasMessageContaining("riseSeconds");
    assertThatThrownBy(() -> new FlashCrowdLoad(10, 200, 0, 1, -1, 1))
        .hasMessageContaining("holdSeconds");
  }

  @Test
  void aFlapAlternatesStartingHigh() {
    SquareWaveLoad flap = new SquareWaveLoad(300, 60, 120);

    assertThat(flap.rpsAt(0)).isEqualTo(300);
    assertThat(flap.rpsAt(119.9)).isEqualTo(300);
    assertThat(flap.rpsAt(120)).isEqualTo(60);
    assertThat(flap.rpsAt(239)).isEqualTo(60);
    assertThat(flap.rpsAt(240)).isEqualTo(300);
    assertThat(flap.rpsAt(-5)).isEqualTo(300);
    assertThat(flap.loadChanges(600)).containsExactly(120, 240, 360, 480);
    assertThat(flap.loadChanges(601)).containsExactly(120, 240, 360, 480, 600);
    assertThat(flap.loadChanges(120)).isEmpty();
    assertThat(flap.describe()).isEqualTo("flap 300 rps <-> 60 rps every 120 s");
    assertThatThrownBy(() -> new SquareWaveLoad(1, 2, 0)).hasMessageContaining("halfPeriodSeconds");
  }

  @Test
  void aPerSecondLoadHoldsEachSecondAndItsLastValue() {
    double[] values = {5, 7, 9};
    PerSecondLoad load = new PerSecondLoad(values, "drawn");
    values[0] = 1000; // copied, not shared

    assertThat(load.rpsAt(-1)).isEqualTo(5);
    assertThat(load.rpsAt(0.99)).isEqualTo(5);
    assertThat(load.rpsAt(1)).isEqualTo(7);
    assertThat(load.rpsAt(2.5)).isEqualTo(9);
    assertThat(load.rpsAt(100)).isEqualTo(9);
    assertThat(load.loadChanges(3)).isEmpty();
    assertThat(load.describe()).isEqualTo("drawn");
    assertThatThrownBy(() -> new PerSecondLoad(new double[0], "x")).hasMessageContaining("one");
    assertThatThrownBy(() -> new PerSecondLoad(new double[] {1, -1}, "x"))
        .hasMessageContaining("rps");
  }

  @Test
  void aModulatedLoadMultipliesTheBaseSecondBySecondAndKeepsItsChanges() {
    ModulatedLoad load =
        new ModulatedLoad(StepLoad.tripling(100, 2), new double[] {1, 0.5, 2}, "test factors");

    assertThat(load.rpsAt(0)).isEqualTo(100);
    assertThat(load.rpsAt(1.5)).isEqualTo(50);
    assertThat(load.rpsAt(2)).isEqualTo(600);
    assertThat(load.rpsAt(50)).isEqualTo(600);
    assertThat(load.loadChanges(10)).containsExactly(2);
    assertThat(load.describe()).isEqualTo("step 100 rps -> 300 rps at 2 s, test factors");
    assertThatThrownBy(() -> new ModulatedLoad(new ConstantLoad(1), new double[] {-1}, "x"))
        .hasMessageContaining("factor");
  }
}
