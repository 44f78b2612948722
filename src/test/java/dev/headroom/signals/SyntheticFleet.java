package dev.headroom.signals;

import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import dev.headroom.signals.Synthetic.Service;
import dev.headroom.signals.Synthetic.Shape;
import dev.headroom.signals.Synthetic.Traffic;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Many synthetic services with a policy each, for the benchmark: policy {@code i} reads preset
 * {@code i mod 5} in namespace {@code bench-(i mod namespaces)}, one namespace per 20 policies.
 */
public record SyntheticFleet(
    List<Service> services, List<PerformancePolicySpec> specs, int namespaces) {

  public static SyntheticFleet of(int policies, String window) {
    int namespaces = Math.max(1, policies / 20);
    List<Service> services = new ArrayList<>();
    List<PerformancePolicySpec> specs = new ArrayList<>();
    for (int i = 0; i < policies; i++) {
      Shape shape = Shape.values()[i % Shape.values().length];
      String name = "svc" + i;
      services.add(
          new Service(
              shape,
              "bench-" + (i % namespaces),
              name,
              List.of(Synthetic.pod(name, i)),
              new Traffic(new long[] {1 + i % 7, 3, 4, 2 + i % 3, 1, 1}, 2.5 + i % 5),
              new Traffic(new long[] {0, 0, 1, i % 2, 0, 1}, 0.8),
              Map.of("app", 0.1 + (i % 10) / 100.0),
              Map.of("app", 1e8 + i)));
      String metric = SignalPresetsIT.PRESETS.get(shape);
      specs.add(
          Policies.spec(
              name,
              "budgets:\n"
                  + "  latency:\n"
                  + "    - {name: p95, percentile: 0.95, target: 1s, window: "
                  + window
                  + ", metric: "
                  + metric
                  + "}\n"
                  + "    - {name: avg, statistic: Average, target: 1s, window: "
                  + window
                  + ", metric: "
                  + metric
                  + "}\n"
                  + "  errorRate: {targetPercent: 1, window: "
                  + window
                  + "}\n"
                  + "  throughput: {minRequestsPerSecond: 1, window: "
                  + window
                  + "}\n"
                  + "  cpu: {targetUtilizationPercent: 50, window: "
                  + window
                  + "}\n"));
    }
    return new SyntheticFleet(services, specs, namespaces);
  }

  public String namespace(int policy) {
    return services.get(policy).namespace();
  }

  /** The exposition of {@code services} at {@code t} seconds. */
  public static String exposition(List<Service> services, double t) {
    return Synthetic.exposition(services, t);
  }
}
