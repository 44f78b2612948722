package dev.headroom.sim.scenario;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes scenario files for tests: a small valid scenario, and variations of it. */
public final class ScenarioFiles {
  public static final String POLICY =
      """
      apiVersion: headroom.dev/v1alpha1
      kind: PerformancePolicy
      metadata:
        name: t
        namespace: sim
      spec:
        targetRef:
          name: t
        budgets:
          latency:
            - name: p95
              percentile: 0.95
              target: 250ms
              metric:
                preset: PrometheusHistogram
                metric: http_request_duration_seconds
            - name: average
              statistic: Average
              target: 150ms
              metric:
                preset: PrometheusHistogram
                metric: http_request_duration_seconds
          errorRate:
            targetPercent: 1
          throughput:
            minRequestsPerSecond: 30
          cpu:
            targetUtilizationPercent: 60
          memory:
            targetPeak: 900Mi
        scaling:
          minReplicas: 1
          maxReplicas: 30
      """;

  /** A short step scenario; {@code extra} lines are appended at the top level. */
  public static final String SCENARIO =
      """
      name: small-step
      description: a test
      durationSeconds: 600
      seed: 42
      load:
        shape: step
        fromRps: 60
        toRps: 180
        atSecond: 200
      service:
        meanServiceSeconds: 0.05
        startupSeconds: 20
        memoryBaseBytes: 256Mi
        memoryBytesPerInFlight: 2Mi
        cpuRequest: "2"
        cpuLimit: "2"
        memoryRequest: 512Mi
        memoryLimit: 1Gi
      initialReplicas: 3
      policy: policy.yaml
      """;

  private ScenarioFiles() {}

  /** Writes policy.yaml and scenario.yaml (with {@code text}) into {@code dir}. */
  public static Path write(Path dir, String text) {
    try {
      Files.writeString(dir.resolve("policy.yaml"), POLICY);
      Path scenario = dir.resolve("scenario.yaml");
      Files.writeString(scenario, text);
      return scenario;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Scenario load(Path dir, String text) {
    return ScenarioLoader.load(write(dir, text));
  }
}
