package dev.headroom.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.e2e.ModelCheck;
import dev.headroom.e2e.ServiceRow;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The engine's latency model against recorded real runs ({@code src/test/resources/real-runs}: the
 * sample service's 200m pods, 10 ms of fixed CPU work per request, under a WorldCup98 replay). The
 * rows are read as the engine reads Prometheus: each row's CPU teaches the cost of a request, and
 * each steady row's p95 is first predicted from what the rows before it taught (one step ahead, as
 * on the live run) and then learned. The simulator's model check ({@code e2e.ModelCheck}) asks the
 * same of the simulator's fitted model; this asks it of the engine, which has to fit as it goes.
 */
class EngineModelOnRealRunsTest {
  private static final double CORES = 0.2;
  private static final Budget P95 =
      new Budget("latency/p95", BudgetKind.LATENCY_QUANTILE, 0.95, 0.2, 1.0, Double.NaN);

  /**
   * @param rows steady rows under 0.8 utilisation that were predicted
   * @param medianError the median |predicted − measured| / measured over them
   * @param within25 how many were predicted within 25 %
   * @param serviceCv the cv learned by the end
   */
  record Scored(int rows, double medianError, int within25, double serviceCv) {
    String describe(String how) {
      return String.format(
          Locale.ROOT,
          "  %s: %d steady rows under 0.8 utilisation, median |error| %.0f %%, %d within 25 %%,"
              + " cv at the end %.2f",
          how,
          rows,
          100 * medianError,
          within25,
          serviceCv);
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "worldcup-poisson-2026-12-04.txt",
        "worldcup-poisson-2026-12-05.txt",
        "worldcup-poisson-2026-12-05-run9.txt",
        "worldcup-even-2026-12-04.txt"
      })
  void theEnginePredictsTheMeasuredP95OneStepAheadWithinAQuarter(String run) throws IOException {
    List<ServiceRow> rows = ServiceRow.recorded(run);
    Scored learned = replay(rows, true);
    Scored exponential = replay(rows, false);
    System.out.println("[headroom tests] the engine's model on " + run + ":");
    System.out.println(learned.describe("service time's cv learned"));
    System.out.println(exponential.describe("cv held at 1 (exponential)"));

    assertThat(learned.rows()).as("steady rows scored").isGreaterThan(20);
    assertThat(learned.medianError()).as("median |error|").isLessThanOrEqualTo(0.25);
    assertThat(learned.serviceCv())
        .as("the sample service's requests are fixed work, far more regular than exponential")
        .isLessThan(0.6);
  }

  /**
   * @param learnShape whether the service time's cv is learned, or held at 1 as before it was
   */
  static Scored replay(List<ServiceRow> rows, boolean learnShape) {
    CapacityEstimate capacity = CapacityEstimate.unknown();
    List<Double> errors = new ArrayList<>();
    for (int i = 0; i < rows.size(); i++) {
      ServiceRow row = rows.get(i);
      if (!(row.answeredRps() > 0) || row.readyPods() < 1) {
        continue;
      }
      if (row.cpuCores() > 0) {
        capacity = capacity.withDemandObservation(row.answeredRps(), row.cpuCores());
      }
      if (!capacity.known() || !ModelCheck.steady(rows, i) || !(row.p95Seconds() > 0)) {
        continue;
      }
      double utilisation =
          QueueingModel.utilization(
              row.answeredRps() / row.readyPods(), capacity.serviceDemandCoreSeconds(), CORES);
      if (utilisation < 0.8) {
        double predicted = capacity.predictLatency(P95, row.answeredRps(), row.readyPods(), CORES);
        errors.add(Math.abs(predicted - row.p95Seconds()) / row.p95Seconds());
      }
      capacity =
          capacity.withLatencyObservation(
              P95, row.p95Seconds(), row.answeredRps(), row.readyPods(), CORES);
      if (!learnShape) {
        capacity =
            new CapacityEstimate(
                capacity.serviceDemandCoreSeconds(),
                capacity.queueFactor(),
                capacity.residualSeconds(),
                capacity.overloads(),
                capacity.served(),
                Map.of());
      }
    }
    List<Double> sorted = errors.stream().sorted().toList();
    double median = sorted.isEmpty() ? Double.NaN : sorted.get((sorted.size() - 1) / 2);
    int within = (int) sorted.stream().filter(e -> e <= 0.25).count();
    return new Scored(sorted.size(), median, within, capacity.serviceCv(P95.name()));
  }
}
