package dev.headroom.testing.load;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.sim.load.CsvLoadTrace;
import dev.headroom.sim.load.LoadTrace;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The generator replays the project's WorldCup98 trace (1998-07-07, the surge day) compressed in
 * time, to one address: its 6 hours at 720 × take 30 s, scaled so the surge peaks at about 60
 * req/s. The surge, 11.7 × the day's first minute, comes 22 s in. What arrives at the server
 * follows the trace's integral: by every arrival, as many requests as the trace has sent by then,
 * give or take what a busy machine delays by a second.
 */
class OpenLoopTraceReplayTest {
  private static final double SPEEDUP = 720;
  private static final double SCALE = 60 / 3823.8;
  private static final double SLACK_SECONDS = 1;

  @Test
  void aCompressedWorldCupTraceArrivesAsTheTraceSays() throws Exception {
    LoadTrace trace;
    try (var csv =
        new InputStreamReader(
            getClass().getResourceAsStream("/traces/wc98_1998-07-07_6h_1min.csv"),
            StandardCharsets.UTF_8)) {
      trace =
          CsvLoadTrace.read(
              "wc98_1998-07-07_6h_1min.csv",
              csv,
              SCALE,
              0,
              SPEEDUP,
              CsvLoadTrace.Interpolation.LINEAR);
    }
    long started;
    double seconds = 6 * 3600 / SPEEDUP;
    List<Long> inOrder;
    try (ArrivalRecorder server = ArrivalRecorder.start();
        OpenLoopLoad load = OpenLoopLoad.start("127.0.0.1", server.port(), "/work", trace)) {
      started = System.nanoTime();
      Thread.sleep((long) (seconds * 1000));
      load.close();
      assertThat(load.errors()).as("requests not answered 2xx").isZero();
      inOrder = server.arrivals();
    }

    double expected = integral(trace, seconds);
    assertThat((double) inOrder.size())
        .as("requests over the whole replay, against the trace's %.0f", expected)
        .isBetween(expected - 2 - integral(trace, SLACK_SECONDS), expected + 2);
    // The replay holds the surge (about 4.5 h into the day): over ten times the start's rate.
    double peak = 0;
    for (double t = 0; t < seconds; t += 0.1) {
      peak = Math.max(peak, trace.rpsAt(t));
    }
    assertThat(peak).isGreaterThan(10 * trace.rpsAt(0));
    for (int i = 0; i < inOrder.size(); i++) {
      double at = (inOrder.get(i) - started) / 1e9;
      assertThat((double) i + 1)
          .as("arrivals by %.2f s", at)
          .isLessThanOrEqualTo(integral(trace, at + SLACK_SECONDS) + 2)
          .isGreaterThanOrEqualTo(integral(trace, at - SLACK_SECONDS) - 2);
    }
  }

  /** Requests the trace sends in [0, seconds), by 10 ms steps as the generator schedules them. */
  private static double integral(LoadTrace trace, double seconds) {
    double sum = 0;
    for (double t = 0; t < seconds; t += 0.01) {
      sum += trace.rpsAt(t) * 0.01;
    }
    return sum;
  }
}
