package dev.headroom.sim.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.engine.QueueingModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The engine's closed form for replicas under one core ({@code engine.QuotaModel}) against the
 * simulator's run of the kernel's quota accounting ({@link CfsQuotaQueue}), the ground truth the
 * engine never sees: p95 over a grid of limits, request sizes and loads, with exponential service
 * times as the engine assumes. Printed in full. On 2026-12-05 the engine's form was within 19 % at
 * the 90th percentile of the points (median 11 %; it under-predicts by 15–20 % from 0.7 utilisation
 * on, which its learned queueing factor takes up), a server at a fraction of a core's speed — what
 * the engine used before — within 97 %. Asserted: the 25 %, and half the slow server's
 * error.
 */
class EngineQuotaModelTest {
  @Test
  void theEnginesClosedFormFollowsTheQuotaAccounting() {
    List<Double> errors = new ArrayList<>();
    List<Double> slowServerErrors = new ArrayList<>();
    System.out.println("limit  service  utilisation  p95 kernel  engine  slow server");
    for (long limitMillis : new long[] {100, 200, 250, 500, 750}) {
      for (double serviceSeconds : new double[] {0.005, 0.010, 0.030, 0.050}) {
        CfsQuotaQueue kernel = new CfsQuotaQueue(ServiceTime.of(serviceSeconds, 1), limitMillis);
        double cores = limitMillis / 1000.0;
        for (double rho : new double[] {0.1, 0.3, 0.5, 0.7, 0.85}) {
          double rps = rho * kernel.capacityRps();
          double truth = kernel.latency(rps, 0).quantileSeconds(0.95);
          double engine = QueueingModel.latencySeconds(0.95, rps, serviceSeconds, cores, 1);
          double slowServer = Math.log(20) / (cores / serviceSeconds - rps);
          double error = (engine - truth) / truth;
          errors.add(Math.abs(error));
          slowServerErrors.add(Math.abs(slowServer - truth) / truth);
          System.out.printf(
              "%4dm  %5.0f ms  %11.2f  %7.1f ms  %+5.0f %%  %+5.0f %%%n",
              limitMillis,
              serviceSeconds * 1000,
              rho,
              truth * 1000,
              error * 100,
              (slowServer - truth) / truth * 100);
        }
      }
    }
    double ninetieth = ninetieth(errors);
    double slowServerNinetieth = ninetieth(slowServerErrors);
    System.out.printf(
        "p95 |error| at the 90th percentile of %d points: engine %.0f %%, slow server %.0f %%%n",
        errors.size(), ninetieth * 100, slowServerNinetieth * 100);
    assertThat(ninetieth).isLessThan(0.25);
    assertThat(ninetieth).isLessThan(slowServerNinetieth / 2);
  }

  private static double ninetieth(List<Double> errors) {
    List<Double> sorted = errors.stream().sorted().toList();
    return sorted.get(sorted.size() * 9 / 10);
  }
}
