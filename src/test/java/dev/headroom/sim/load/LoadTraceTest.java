package dev.headroom.sim.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class LoadTraceTest {
  @Test
  void stepAndTripling() {
    StepLoad step = StepLoad.tripling(100, 600);
    assertThat(step.rpsAt(599.9)).isEqualTo(100);
    assertThat(step.rpsAt(600)).isEqualTo(300);
    assertThat(step.loadChanges(2400)).containsExactly(600);
    assertThat(step.loadChanges(600)).isEmpty();
  }

  @Test
  void spikeHasTwoEdges() {
    SpikeLoad spike = new SpikeLoad(80, 400, 900, 300);
    assertThat(spike.rpsAt(899)).isEqualTo(80);
    assertThat(spike.rpsAt(900)).isEqualTo(400);
    assertThat(spike.rpsAt(1199)).isEqualTo(400);
    assertThat(spike.rpsAt(1200)).isEqualTo(80);
    assertThat(spike.loadChanges(2400)).containsExactly(900, 1200);
  }

  @Test
  void diurnalRisesFromItsTroughToItsPeakAndBack() {
    DiurnalLoad day = new DiurnalLoad(40, 400, 3600);
    assertThat(day.rpsAt(0)).isCloseTo(40, within(1e-9));
    assertThat(day.rpsAt(1800)).isCloseTo(400, within(1e-9));
    assertThat(day.rpsAt(900)).isCloseTo(220, within(1e-9));
    assertThat(day.rpsAt(3600)).isCloseTo(40, within(1e-9));
    assertThat(day.loadChanges(7200)).isEmpty();
  }

  @Test
  void sawtoothClimbsThenDrops() {
    SawtoothLoad saw = new SawtoothLoad(60, 360, 900);
    assertThat(saw.rpsAt(0)).isEqualTo(60);
    assertThat(saw.rpsAt(450)).isCloseTo(210, within(1e-9));
    assertThat(saw.rpsAt(899)).isCloseTo(359.667, within(1e-3));
    assertThat(saw.rpsAt(900)).isEqualTo(60);
    assertThat(saw.loadChanges(3600)).containsExactly(900, 1800, 2700);
  }

  @Test
  void rampIsFlatOutsideItsSpan() {
    RampLoad ramp = new RampLoad(50, 500, 300, 3000);
    assertThat(ramp.rpsAt(0)).isEqualTo(50);
    assertThat(ramp.rpsAt(1800)).isCloseTo(275, within(1e-9));
    assertThat(ramp.rpsAt(5000)).isEqualTo(500);
    assertThat(ramp.loadChanges(3600)).isEmpty();
  }

  @Test
  void shapesRejectNegativeRates() {
    assertThatThrownBy(() -> new ConstantLoad(-1)).hasMessageContaining("rps");
    assertThatThrownBy(() -> new DiurnalLoad(10, 5, 60)).hasMessageContaining("maxRps");
  }

  private static CsvLoadTrace csv(String text, double scale, double offset, double speedup)
      throws IOException {
    return CsvLoadTrace.read(
        "t.csv", new StringReader(text), scale, offset, speedup, CsvLoadTrace.Interpolation.LINEAR);
  }

  @Test
  void csvInterpolatesLinearlyBetweenRowsAndHoldsAtTheEnds() throws IOException {
    CsvLoadTrace trace = csv("seconds,rps\n0,100\n60,160\n120,100\n", 1, 0, 1);
    assertThat(trace.rpsAt(0)).isEqualTo(100);
    assertThat(trace.rpsAt(30)).isCloseTo(130, within(1e-9));
    assertThat(trace.rpsAt(60)).isEqualTo(160);
    assertThat(trace.rpsAt(90)).isCloseTo(130, within(1e-9));
    assertThat(trace.rpsAt(500)).isEqualTo(100);
    assertThat(trace.rpsAt(-5)).isEqualTo(100);
  }

  @Test
  void csvScaleOffsetAndSpeedUp() throws IOException {
    String text = "seconds,rps\n0,100\n60,160\n120,100\n";
    assertThat(csv(text, 0.5, 0, 1).rpsAt(30)).isCloseTo(65, within(1e-9));
    assertThat(csv(text, 1, 60, 1).rpsAt(30)).isCloseTo(130, within(1e-9));
    assertThat(csv(text, 1, 0, 2).rpsAt(30)).isEqualTo(160);
    assertThat(csv(text, 1, 60, 1).coveredSeconds()).isEqualTo(60);
  }

  @Test
  void csvHoldReplaysEachRowUntilTheNext() throws IOException {
    CsvLoadTrace trace =
        CsvLoadTrace.read(
            "t.csv",
            new StringReader("seconds,rps\n0,100\n60,160\n"),
            1,
            0,
            1,
            CsvLoadTrace.Interpolation.HOLD);
    assertThat(trace.rpsAt(59.9)).isEqualTo(100);
    assertThat(trace.rpsAt(60)).isEqualTo(160);
  }

  @Test
  void csvErrorsNameTheLine() {
    assertThatThrownBy(() -> csv("time,value\n0,1\n", 1, 0, 1))
        .hasMessageContaining("line 1")
        .hasMessageContaining("seconds,rps");
    assertThatThrownBy(() -> csv("seconds,rps\n0,1\n0,2\n", 1, 0, 1))
        .hasMessageContaining("line 3")
        .hasMessageContaining("increase");
    assertThatThrownBy(() -> csv("seconds,rps\n0,1\n60,abc\n", 1, 0, 1))
        .hasMessageContaining("line 3");
    assertThatThrownBy(() -> csv("seconds,rps\n0,-1\n", 1, 0, 1)).hasMessageContaining(">= 0");
    assertThatThrownBy(() -> csv("seconds,rps\n", 1, 0, 1)).hasMessageContaining("no rows");
  }

  @Test
  void theShippedWorldCupTraceIsTheRealDay() throws IOException {
    try (var in =
        getClass().getClassLoader().getResourceAsStream("traces/wc98_1998-06-30_24h_1min.csv")) {
      assertThat(in).isNotNull();
      CsvLoadTrace trace =
          CsvLoadTrace.read(
              "wc98",
              new java.io.InputStreamReader(in, java.nio.charset.StandardCharsets.UTF_8),
              1,
              0,
              1,
              CsvLoadTrace.Interpolation.HOLD);
      // SOURCES.md: the peak minute is 3587.35 rps at s = 78120 (21:42 GMT).
      assertThat(trace.rpsAt(78120)).isCloseTo(3587.35, within(0.01));
      assertThat(trace.coveredSeconds()).isEqualTo(86340);
    }
    assertThat(
            getClass()
                .getClassLoader()
                .getResource("traces/WorldCup98_ITA_description_and_copyright.html"))
        .isNotNull();
  }
}
