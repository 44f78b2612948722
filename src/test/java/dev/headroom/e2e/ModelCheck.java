package dev.headroom.e2e;

import dev.headroom.sim.Resources;
import dev.headroom.sim.model.Latency;
import dev.headroom.sim.model.ServiceModel;
import dev.headroom.sim.model.ServiceParameters;
import dev.headroom.testing.service.SampleService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.DoubleStream;

/**
 * The simulator's service model checked against a real run: fitted from the run's own metrics (CPU
 * seconds per request and idle CPU per pod by least squares over its rows, the service time's shape
 * from p95 / mean while utilisation was under {@value #LOW_UTILISATION}), then asked for p95 at
 * each row's load per Ready pod, read through the service's own histogram buckets as Prometheus
 * reads the real one. Only steady rows are fitted on and scored — the same Ready pods over the
 * whole 30 s window and the answered rate within {@value #STEADY_RATE_CHANGE} of what it was a
 * window before — since a window that spans a scale-up or a step mixes two states the model treats
 * one at a time; rows at or above {@value #COMPARED_BELOW} utilisation are listed but not scored:
 * the target (within 25 %) is for the stable range.
 */
public final class ModelCheck {
  static final double LOW_UTILISATION = 0.3;
  static final double COMPARED_BELOW = 0.8;
  static final double WITHIN = 0.25;
  static final double STEADY_RATE_CHANGE = 0.2;
  static final double WINDOW_SECONDS = 30;
  private static final double COLLINEAR = 0.01;

  /**
   * The fitted model.
   *
   * @param cpuSecondsPerRequest slope of CPU used against requests answered
   * @param idleCoresPerPod CPU a pod uses without requests (the JVM, probes, scrapes)
   * @param serviceTimeCv the shape that gives the low-load rows' p95 / mean
   * @param lowLoadRows how many rows the shape was fitted on
   */
  record Fit(
      double cpuSecondsPerRequest, double idleCoresPerPod, double serviceTimeCv, int lowLoadRows) {
    ServiceParameters parameters(int startupSeconds, long memoryBaseBytes) {
      return new ServiceParameters(
          cpuSecondsPerRequest,
          serviceTimeCv,
          startupSeconds,
          memoryBaseBytes,
          0,
          ServiceParameters.DEFAULT_TIMEOUT_SECONDS,
          Optional.empty());
    }
  }

  /**
   * One row compared.
   *
   * @param row what the real processes showed
   * @param utilisation of the Ready pods' CPU limits
   * @param predictedP95Seconds what the fitted model says for that load and those pods
   * @param steady whether the row's window saw one state (see the class comment)
   */
  record Compared(ServiceRow row, double utilisation, double predictedP95Seconds, boolean steady) {
    double error() {
      return (predictedP95Seconds - row.p95Seconds()) / row.p95Seconds();
    }

    boolean scored() {
      return steady && utilisation < COMPARED_BELOW && Double.isFinite(error());
    }
  }

  private final Fit fit;
  private final Resources resources;
  private final List<Compared> compared;

  private ModelCheck(Fit fit, Resources resources, List<Compared> compared) {
    this.fit = fit;
    this.resources = resources;
    this.compared = compared;
  }

  /** Fits the model to the rows in which requests were answered and compares each of them. */
  static ModelCheck of(List<ServiceRow> rows, Resources resources) {
    double limitCores = resources.usableCores();
    List<ServiceRow> usable =
        rows.stream()
            .filter(r -> r.readyPods() > 0 && r.answeredRps() > 0)
            .filter(r -> Double.isFinite(r.cpuCores()) && Double.isFinite(r.p95Seconds()))
            .toList();
    List<Boolean> steady = new ArrayList<>();
    for (int i = 0; i < usable.size(); i++) {
      steady.add(steady(usable, i));
    }
    List<ServiceRow> steadyRows = new ArrayList<>();
    for (int i = 0; i < usable.size(); i++) {
      if (steady.get(i)) {
        steadyRows.add(usable.get(i));
      }
    }
    if (steadyRows.isEmpty()) {
      throw new IllegalStateException("no steady row with answered requests to fit the model on");
    }
    Fit fit = fit(steadyRows, resources);
    ServiceModel model = new ServiceModel(fit.parameters(0, 0));
    Resources forRequests = quotaLeft(resources, fit.idleCoresPerPod());
    List<Compared> compared = new ArrayList<>();
    for (int i = 0; i < usable.size(); i++) {
      ServiceRow row = usable.get(i);
      Latency latency =
          model.steadyState(forRequests, row.answeredRps() / row.readyPods(), 0).latency();
      compared.add(
          new Compared(
              row,
              row.utilisation(limitCores),
              bucketQuantile(latency, 0.95, SampleService.BUCKETS_SECONDS),
              steady.get(i)));
    }
    return new ModelCheck(fit, resources, compared);
  }

  /**
   * The same pods throughout the window before row {@code i}, and the answered rate within {@link
   * #STEADY_RATE_CHANGE} of the last row at least a window earlier.
   */
  public static boolean steady(List<ServiceRow> rows, int i) {
    ServiceRow row = rows.get(i);
    for (int j = i - 1; j >= 0; j--) {
      ServiceRow earlier = rows.get(j);
      if (earlier.readyPods() != row.readyPods() || earlier.pods() != row.pods()) {
        return false;
      }
      if (earlier.seconds() <= row.seconds() - WINDOW_SECONDS) {
        return Math.abs(earlier.answeredRps() - row.answeredRps())
            <= STEADY_RATE_CHANGE * row.answeredRps();
      }
    }
    return false;
  }

  Fit fit() {
    return fit;
  }

  List<Compared> scored() {
    return compared.stream().filter(Compared::scored).toList();
  }

  /** The median of |predicted − measured| / measured over the scored rows. */
  double medianAbsoluteError() {
    double[] errors = scored().stream().mapToDouble(c -> Math.abs(c.error())).sorted().toArray();
    return errors.length == 0 ? Double.NaN : errors[errors.length / 2];
  }

  long scoredWithin() {
    return scored().stream().filter(c -> Math.abs(c.error()) <= WITHIN).count();
  }

  /**
   * The fewest pods at which the fitted model keeps p95 (as the histogram reads it) within {@code
   * budgetSeconds} at {@code rps}.
   */
  int replicasNeeded(double rps, double budgetSeconds) {
    ServiceModel model = new ServiceModel(fit.parameters(0, 0));
    for (int pods = 1; pods < 1000; pods++) {
      var steady = model.steadyState(quotaLeft(resources, fit.idleCoresPerPod()), rps / pods, 0);
      if (steady.utilization() < ServiceModel.MAX_EQUILIBRIUM_UTILIZATION
          && bucketQuantile(steady.latency(), 0.95, SampleService.BUCKETS_SECONDS)
              <= budgetSeconds) {
        return pods;
      }
    }
    return Integer.MAX_VALUE;
  }

  /** The report of {@link #of}, or why there is none: a test's report, never its failure. */
  static List<String> reportOrWhy(List<ServiceRow> rows, Resources resources, String scenario) {
    try {
      return of(rows, resources).report(scenario);
    } catch (IllegalStateException e) {
      return List.of("model check (" + scenario + "): not fitted: " + e.getMessage());
    }
  }

  /** The report's lines: the fit, every row compared, the score. */
  List<String> report(String scenario) {
    List<String> lines = new ArrayList<>();
    lines.add("model check (" + scenario + "):");
    lines.add(
        "  fit: %.2f ms CPU per request, %.0f m idle per pod, service-time cv %.2f (from %d rows under %.0f %% utilisation)"
            .formatted(
                fit.cpuSecondsPerRequest() * 1000,
                fit.idleCoresPerPod() * 1000,
                fit.serviceTimeCv(),
                fit.lowLoadRows(),
                LOW_UTILISATION * 100));
    for (Compared c : compared) {
      lines.add(
          "  %6.1f s  %d Ready  %5.1f req/s per pod  utilisation %4.2f  p95 measured %7.1f ms  model %7.1f ms  %+5.0f %%%s"
              .formatted(
                  c.row().seconds(),
                  c.row().readyPods(),
                  c.row().answeredRps() / c.row().readyPods(),
                  c.utilisation(),
                  c.row().p95Seconds() * 1000,
                  c.predictedP95Seconds() * 1000,
                  c.error() * 100,
                  c.scored() ? "" : c.steady() ? "  (not scored)" : "  (not steady)"));
    }
    double[] bands = {0, LOW_UTILISATION, 0.5, COMPARED_BELOW};
    for (int b = 0; b + 1 < bands.length; b++) {
      double from = bands[b];
      double to = bands[b + 1];
      List<Compared> band =
          scored().stream().filter(c -> c.utilisation() >= from && c.utilisation() < to).toList();
      if (!band.isEmpty()) {
        lines.add(
            "  utilisation %.1f-%.1f: %d rows, p95 median measured %.0f ms, model %.0f ms, median error %+.0f %%"
                .formatted(
                    from,
                    to,
                    band.size(),
                    median(band.stream().mapToDouble(c -> c.row().p95Seconds())) * 1000,
                    median(band.stream().mapToDouble(Compared::predictedP95Seconds)) * 1000,
                    median(band.stream().mapToDouble(Compared::error)) * 100));
      }
    }
    lines.add(
        "  under %.1f utilisation: %d rows, median |error| %.0f %%, %d within %.0f %%"
            .formatted(
                COMPARED_BELOW,
                scored().size(),
                medianAbsoluteError() * 100,
                scoredWithin(),
                WITHIN * 100));
    return lines;
  }

  private static Fit fit(List<ServiceRow> rows, Resources resources) {
    double limitCores = resources.usableCores();
    // cpu = S · rps + idle · pods, least squares without an intercept.
    double rr = 0;
    double rp = 0;
    double pp = 0;
    double cr = 0;
    double cp = 0;
    for (ServiceRow row : rows) {
      double rps = row.answeredRps();
      double pods = row.readyPods();
      rr += rps * rps;
      rp += rps * pods;
      pp += pods * pods;
      cr += row.cpuCores() * rps;
      cp += row.cpuCores() * pods;
    }
    // Rows that all share one load per pod (a steady step) cannot tell idle CPU from CPU per
    // request: then, and whenever the split comes out negative, all of it is per request.
    double det = rr * pp - rp * rp;
    boolean separable = det > COLLINEAR * rr * pp;
    double perRequest = separable ? (cr * pp - cp * rp) / det : cr / rr;
    double idle = separable ? (rr * cp - rp * cr) / det : 0;
    if (idle < 0 || perRequest <= 0) {
      idle = 0;
      perRequest = cr / rr;
    }
    if (!(perRequest > 0)) {
      throw new IllegalStateException("no CPU used by the answered requests to fit the model on");
    }
    List<ServiceRow> lowLoad =
        rows.stream()
            .filter(r -> r.utilisation(limitCores) < LOW_UTILISATION)
            .filter(r -> Double.isFinite(r.p95Seconds()) && r.p95Seconds() > 0)
            .toList();
    double cv =
        lowLoad.isEmpty()
            ? 1
            : cvFor(
                perRequest,
                quotaLeft(resources, idle),
                median(lowLoad.stream().mapToDouble(r -> r.answeredRps() / r.readyPods())),
                median(lowLoad.stream().mapToDouble(ServiceRow::p95Seconds)));
    return new Fit(perRequest, idle, cv, lowLoad.size());
  }

  private static double median(DoubleStream values) {
    double[] sorted = values.sorted().toArray();
    return sorted[sorted.length / 2];
  }

  /**
   * The CPU limit less what the pod spends idle (the JVM, probes, scrapes): the kernel charges both
   * to the same quota, so the requests get what is left.
   */
  static Resources quotaLeft(Resources resources, double idleCores) {
    if (resources.cpuLimitMillis() == 0) {
      return resources;
    }
    long left = Math.max(1, resources.cpuLimitMillis() - Math.round(idleCores * 1000));
    return new Resources(
        Math.min(resources.cpuRequestMillis(), left),
        left,
        resources.memoryRequestBytes(),
        resources.memoryLimitBytes());
  }

  /**
   * The service-time cv, between 0 and 3, at which the model itself — queueing and CFS throttling
   * included — shows this p95 at this load, as the histogram reads it: the buckets, not the
   * distribution, are what both sides are seen through (a 10 ms service whose requests all fall
   * between the 10 and 25 ms bounds reads as 24 ms). Fitting the shape of the service time alone
   * would count twice the stalls the model adds on its own.
   */
  static double cvFor(
      double meanServiceSeconds, Resources resources, double rpsPerPod, double p95Seconds) {
    double low = 0;
    double high = 3;
    for (int i = 0; i < 24; i++) {
      double mid = (low + high) / 2;
      ServiceModel model =
          new ServiceModel(new Fit(meanServiceSeconds, 0, mid, 0).parameters(0, 0));
      double p95 =
          bucketQuantile(
              model.steadyState(resources, rpsPerPod, 0).latency(),
              0.95,
              SampleService.BUCKETS_SECONDS);
      if (p95 < p95Seconds) {
        low = mid;
      } else {
        high = mid;
      }
    }
    return (low + high) / 2;
  }

  /**
   * The q-quantile as {@code histogram_quantile} reads it from these buckets: linear within the
   * bucket it falls in, the highest finite bound past the last.
   */
  static double bucketQuantile(Latency latency, double q, double[] upperBounds) {
    double lowerBound = 0;
    double below = 0;
    for (double bound : upperBounds) {
      double cumulative = 1 - latency.tail(bound);
      if (cumulative >= q) {
        return lowerBound + (bound - lowerBound) * (q - below) / (cumulative - below);
      }
      lowerBound = bound;
      below = cumulative;
    }
    return upperBounds[upperBounds.length - 1];
  }
}
