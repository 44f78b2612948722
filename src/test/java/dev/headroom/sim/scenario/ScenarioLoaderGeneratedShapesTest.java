package dev.headroom.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.headroom.sim.load.FlashCrowdLoad;
import dev.headroom.sim.load.ModulatedLoad;
import dev.headroom.sim.load.PerSecondLoad;
import dev.headroom.sim.load.SquareWaveLoad;
import dev.headroom.sim.load.StepLoad;
import dev.headroom.sim.load.StepsLoad;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load shapes and modifiers the scenario generator writes (steps, flashCrowd, flap, randomWalk,
 * noise, bursts) and policies given inline.
 */
class ScenarioLoaderGeneratedShapesTest {
  private static final String STEP_LOAD =
      "  shape: step\n  fromRps: 60\n  toRps: 180\n  atSecond: 200\n";

  @TempDir Path dir;

  private Scenario withLoad(String load) {
    return ScenarioFiles.load(dir, ScenarioFiles.SCENARIO.replace(STEP_LOAD, load));
  }

  private void assertRejected(String load, String... fragments) {
    assertThatThrownBy(() -> withLoad(load))
        .isInstanceOf(ScenarioException.class)
        .message()
        .contains(fragments)
        // Named once, at the field that is wrong.
        .satisfies(m -> assertThat(m.split("scenario.yaml", -1)).hasSize(2));
  }

  @Test
  void readsSteps() {
    Scenario scenario =
        withLoad(
            "  shape: steps\n  initialRps: 40\n  steps:\n"
                + "    - atSecond: 100\n      rps: 200\n"
                + "    - atSecond: 400\n      rps: 10\n");
    assertThat(scenario.load().trace())
        .isEqualTo(
            new StepsLoad(40, List.of(new StepsLoad.Step(100, 200), new StepsLoad.Step(400, 10))));
    assertThat(scenario.load().poissonArrivals()).isTrue();
  }

  @Test
  void readsAFlashCrowd() {
    Scenario scenario =
        withLoad(
            "  shape: flashCrowd\n  baseRps: 10\n  peakRps: 150\n  startSecond: 60\n"
                + "  riseSeconds: 30\n  holdSeconds: 120\n  fallSeconds: 90\n");
    assertThat(scenario.load().trace()).isEqualTo(new FlashCrowdLoad(10, 150, 60, 30, 120, 90));
  }

  @Test
  void readsAFlap() {
    Scenario scenario =
        withLoad(
            "  shape: flap\n  highRps: 200\n  lowRps: 50\n  halfPeriodSeconds: 90\n"
                + "  poissonArrivals: false\n");
    assertThat(scenario.load().trace()).isEqualTo(new SquareWaveLoad(200, 50, 90));
    assertThat(scenario.load().poissonArrivals()).isFalse();
  }

  @Test
  void readsARandomWalkDrawnFromTheScenarioSeed() {
    String walk =
        "  shape: randomWalk\n  startRps: 50\n  minRps: 20\n  maxRps: 100\n  volatility: 0.3\n"
            + "  burstsPerHour: 6\n  burstFactor: 2\n  burstSeconds: 20\n";
    Scenario scenario = withLoad(walk);
    assertThat(scenario.load().trace()).isInstanceOf(PerSecondLoad.class);
    assertThat(scenario.load().trace().describe()).startsWith("random walk 20 rps..100 rps");
    Scenario again = withLoad(walk);
    Scenario otherSeed =
        ScenarioFiles.load(
            dir, ScenarioFiles.SCENARIO.replace(STEP_LOAD, walk).replace("seed: 42", "seed: 43"));
    boolean differs = false;
    for (int s = 0; s < scenario.durationSeconds(); s++) {
      double rps = scenario.load().trace().rpsAt(s);
      assertThat(rps).isEqualTo(again.load().trace().rpsAt(s)).isBetween(20.0 - 1e-9, 200.0);
      differs |= rps != otherSeed.load().trace().rpsAt(s);
    }
    assertThat(differs).isTrue();
    // Without bursts: burstsPerHour defaults to 0.
    Scenario calm =
        withLoad(
            "  shape: randomWalk\n  startRps: 50\n  minRps: 20\n  maxRps: 100\n  volatility: 0\n");
    assertThat(calm.load().trace().rpsAt(599)).isCloseTo(50, within(1e-9));
  }

  @Test
  void addsNoiseToAnyShape() {
    Scenario scenario =
        withLoad(STEP_LOAD + "  noise:\n    fraction: 0.1\n    correlationSeconds: 30\n");
    assertThat(scenario.load().trace()).isInstanceOf(ModulatedLoad.class);
    assertThat(scenario.load().trace().describe())
        .isEqualTo("step 60 rps -> 180 rps at 200 s, noise 10% over 30 s");
    assertThat(scenario.load().trace().loadChanges(600)).containsExactly(200);
    assertThat(scenario.load().trace().rpsAt(100)).isNotEqualTo(60).isCloseTo(60, within(30.0));
    // correlationSeconds defaults to a minute.
    assertThat(withLoad(STEP_LOAD + "  noise:\n    fraction: 0.2\n").load().trace().describe())
        .endsWith("noise 20% over 60 s");
  }

  @Test
  void addsBurstsAfterNoiseAndToCsvTraces() {
    Scenario scenario =
        withLoad(
            STEP_LOAD
                + "  noise:\n    fraction: 0.1\n"
                + "  bursts:\n    factor: 3\n    meanBurstSeconds: 5\n    meanGapSeconds: 30\n");
    assertThat(scenario.load().trace().describe())
        .isEqualTo(
            "step 60 rps -> 180 rps at 200 s, noise 10% over 60 s, bursts x3.0 (mean 5 s, gaps"
                + " 30 s)");
    Scenario csv =
        withLoad(
            "  csv: classpath:traces/wc98_1998-06-30_24h_1min.csv\n  scale: 0.1\n"
                + "  bursts:\n    factor: 2\n    meanBurstSeconds: 2\n    meanGapSeconds: 20\n");
    assertThat(csv.load().trace()).isInstanceOf(ModulatedLoad.class);
    assertThat(csv.load().trace().describe()).contains("bursts x2.0");
  }

  @Test
  void readsAnInlinePolicy() {
    String inline =
        "policy:\n"
            + ScenarioFiles.POLICY
                .lines()
                .map(line -> "  " + line + "\n")
                .reduce("", String::concat);
    Scenario scenario =
        ScenarioFiles.load(dir, ScenarioFiles.SCENARIO.replace("policy: policy.yaml\n", inline));
    Scenario fromFile = ScenarioFiles.load(dir, ScenarioFiles.SCENARIO);

    assertThat(scenario.policy()).isEqualTo(fromFile.policy());
    assertThat(scenario.policySource()).endsWith("scenario.yaml (inline policy)");
    assertThat(scenario.keda()).isEqualTo(fromFile.keda());
  }

  @Test
  void anInlinePolicyIsCheckedLikeAFile() {
    String notAPolicy = "policy:\n  apiVersion: v1\n  kind: ConfigMap\n";
    assertThatThrownBy(
            () ->
                ScenarioFiles.load(
                    dir, ScenarioFiles.SCENARIO.replace("policy: policy.yaml\n", notAPolicy)))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("policy")
        .hasMessageContaining("the inline policy")
        .hasMessageContaining("spec.budgets");
  }

  @Test
  void rejectsUnknownFieldsInTheNewShapes() {
    assertRejected(
        "  shape: steps\n  initialRps: 40\n  steps: []\n  stepz: 1\n",
        "load.stepz",
        "unknown field",
        "initialRps");
    assertRejected(
        "  shape: steps\n  initialRps: 40\n  steps:\n    - atSecond: 10\n      rate: 5\n",
        "load.steps[0].rate",
        "unknown field",
        "atSecond");
    assertRejected(
        "  shape: flashCrowd\n  baseRps: 10\n  peakRps: 150\n  startSecond: 60\n"
            + "  riseSeconds: 30\n  holdSeconds: 120\n  fallSeconds: 90\n  peakSeconds: 5\n",
        "load.peakSeconds",
        "unknown field",
        "holdSeconds");
    assertRejected(
        "  shape: flap\n  highRps: 200\n  lowRps: 50\n  periodSeconds: 90\n",
        "load.periodSeconds",
        "unknown field",
        "halfPeriodSeconds");
    assertRejected(
        "  shape: randomWalk\n  startRps: 50\n  minRps: 20\n  maxRps: 100\n  volatility: 0.3\n"
            + "  burstRate: 6\n",
        "load.burstRate",
        "unknown field",
        "burstsPerHour");
    assertRejected(STEP_LOAD + "  noise:\n    sigma: 0.1\n", "load.noise.sigma", "fraction");
    assertRejected(
        STEP_LOAD + "  bursts:\n    factor: 2\n    meanBurst: 5\n    meanGapSeconds: 30\n",
        "load.bursts.meanBurst",
        "meanBurstSeconds");
  }

  @Test
  void rejectsMissingAndBadlyTypedFieldsOfTheNewShapes() {
    assertRejected("  shape: steps\n  initialRps: 40\n", "load.steps", "is required");
    assertRejected(
        "  shape: steps\n  initialRps: 40\n  steps: 5\n", "load.steps", "list of mappings");
    assertRejected(
        "  shape: steps\n  initialRps: 40\n  steps:\n    - atSecond: 10\n      rps: -5\n",
        "load.steps[0].rps",
        ">= 0");
    assertRejected(
        "  shape: flap\n  highRps: 200\n  lowRps: 50\n  halfPeriodSeconds: 0\n",
        "load.halfPeriodSeconds",
        ">= 1");
    assertRejected(STEP_LOAD + "  noise:\n    fraction: -0.1\n", "load.noise.fraction", ">= 0");
  }

  @Test
  void rejectsBurstsThatWouldNeedANegativeRateBetweenThem() {
    // Bursts half the time at 3x the mean: the gaps would need -1x.
    assertRejected(
        STEP_LOAD + "  bursts:\n    factor: 3\n    meanBurstSeconds: 10\n    meanGapSeconds: 10\n",
        "load.bursts",
        "factor x burst share below 1");
    assertRejected(
        STEP_LOAD + "  bursts:\n    factor: 1\n    meanBurstSeconds: 10\n    meanGapSeconds: 10\n",
        "load.bursts",
        "> 1");
  }

  @Test
  void rejectsStepsOutOfOrder() {
    assertRejected(
        "  shape: steps\n  initialRps: 40\n  steps:\n"
            + "    - atSecond: 300\n      rps: 200\n"
            + "    - atSecond: 100\n      rps: 10\n",
        "load",
        "increasing order of atSecond");
  }

  @Test
  void rejectsARandomWalkStartingOutsideItsBounds() {
    assertRejected(
        "  shape: randomWalk\n  startRps: 500\n  minRps: 20\n  maxRps: 100\n  volatility: 0.3\n",
        "load",
        "minRps <= startRps <= maxRps");
  }

  @Test
  void aScenarioGivenAsTextReadsClasspathFilesOnly() {
    String text =
        ScenarioFiles.SCENARIO.replace(
            "policy: policy.yaml\n",
            "policy:\n"
                + ScenarioFiles.POLICY
                    .lines()
                    .map(line -> "  " + line + "\n")
                    .reduce("", String::concat));
    Scenario inline = ScenarioLoader.parse(ScenarioLocation.inline("generated", text));
    assertThat(inline.load().trace()).isEqualTo(new StepLoad(60, 180, 200));
    assertThat(inline.source()).isEqualTo("generated");
    assertThat(inline.policySource()).isEqualTo("generated (inline policy)");

    String relativeCsv = text.replace(STEP_LOAD, "  csv: traces/t.csv\n");
    assertThatThrownBy(
            () -> ScenarioLoader.parse(ScenarioLocation.inline("generated", relativeCsv)))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("generated: load.csv")
        .hasMessageContaining("traces/t.csv")
        .hasMessageContaining("classpath: files only");
    String policyFile = ScenarioFiles.SCENARIO;
    assertThatThrownBy(() -> ScenarioLoader.parse(ScenarioLocation.inline("generated", policyFile)))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("generated: policy")
        .hasMessageContaining("classpath: files only");
    String classpathCsv =
        text.replace(STEP_LOAD, "  csv: classpath:traces/wc98_1998-06-30_24h_1min.csv\n");
    assertThat(
            ScenarioLoader.parse(ScenarioLocation.inline("generated", classpathCsv))
                .load()
                .trace()
                .describe())
        .contains("wc98");
  }
}
