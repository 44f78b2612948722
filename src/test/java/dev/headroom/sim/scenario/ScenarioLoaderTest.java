package dev.headroom.sim.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.sim.Resources;
import dev.headroom.sim.WorkloadKind;
import dev.headroom.sim.load.CsvLoadTrace;
import dev.headroom.sim.load.StepLoad;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {
  @TempDir Path dir;

  private Scenario load(String text) {
    return ScenarioFiles.load(dir, text);
  }

  private void assertRejected(String text, String... fragments) {
    assertThatThrownBy(() -> load(text))
        .isInstanceOf(ScenarioException.class)
        .message()
        .contains(fragments);
  }

  @Test
  void readsEveryFieldAndAppliesDefaults() {
    Scenario scenario = load(ScenarioFiles.SCENARIO);
    assertThat(scenario.name()).isEqualTo("small-step");
    assertThat(scenario.durationSeconds()).isEqualTo(600);
    assertThat(scenario.seed()).isEqualTo(42);
    assertThat(scenario.load().trace()).isEqualTo(new StepLoad(60, 180, 200));
    assertThat(scenario.load().poissonArrivals()).isTrue();
    assertThat(scenario.service().initialResources())
        .isEqualTo(new Resources(2000, 2000, 512L << 20, 1L << 30));
    assertThat(scenario.service().parameters().serviceTimeCv()).isEqualTo(1.0);
    assertThat(scenario.service().parameters().timeoutSeconds()).isEqualTo(30);
    assertThat(scenario.service().parameters().memoryBaseBytes()).isEqualTo(256L << 20);
    assertThat(scenario.observation().scrapeIntervalSeconds()).isEqualTo(15);
    assertThat(scenario.observation().rateWindowSeconds()).isEqualTo(60);
    assertThat(scenario.observation().quantiles()).containsExactly(0.95);
    assertThat(scenario.initialReplicas()).isEqualTo(3);
    assertThat(scenario.policy().scaling().maxReplicas()).isEqualTo(30);
  }

  @Test
  void derivesTheHpaAndKedaKnobsFromThePolicy() {
    Scenario scenario = load(ScenarioFiles.SCENARIO);
    assertThat(scenario.hpa().targetCpuUtilizationPercent()).isEqualTo(60);
    assertThat(scenario.keda().orElseThrow().metric()).isEqualTo(KedaSettings.Metric.latency);
    assertThat(scenario.keda().orElseThrow().threshold()).isEqualTo(0.25);
    assertThat(scenario.keda().orElseThrow().quantile()).isEqualTo(0.95);
  }

  @Test
  void explicitKnobsWin() {
    Scenario scenario =
        load(
            ScenarioFiles.SCENARIO
                + "hpa:\n  targetCpuUtilizationPercent: 80\n"
                + "keda:\n  metric: requestRate\n  threshold: 25\n");
    assertThat(scenario.hpa().targetCpuUtilizationPercent()).isEqualTo(80);
    assertThat(scenario.keda())
        .contains(new KedaSettings(KedaSettings.Metric.requestRate, 25, Double.NaN));
  }

  @Test
  void kedaOnAnotherQuantileAddsItToWhatPrometheusIsAsked() {
    Scenario scenario =
        load(
            ScenarioFiles.SCENARIO
                + "keda:\n  metric: latency\n  quantile: 0.99\n  threshold: 0.4\n");
    assertThat(scenario.observation().quantiles()).containsExactlyInAnyOrder(0.95, 0.99);
  }

  @Test
  void readsObservationSettingsAndThePrometheusOutage() {
    Scenario scenario =
        load(
            ScenarioFiles.SCENARIO
                + "observation:\n  scrapeIntervalSeconds: 30\n  rateWindowSeconds: 120\n"
                + "  prometheusDownFromSecond: 100\n  prometheusDownToSecond: 200\n");
    assertThat(scenario.observation().scrapeIntervalSeconds()).isEqualTo(30);
    assertThat(scenario.observation().scrapeOffsetSeconds()).isEqualTo(15);
    assertThat(scenario.observation().prometheusDownAt(150)).isTrue();
    assertThat(scenario.observation().prometheusDownAt(200)).isFalse();
  }

  @Test
  void readsACsvTraceRelativeToTheScenario() throws IOException {
    Files.createDirectories(dir.resolve("traces"));
    Files.writeString(dir.resolve("traces/t.csv"), "seconds,rps\n0,10\n100,20\n");
    Scenario scenario =
        load(
            ScenarioFiles.SCENARIO.replace(
                "  shape: step\n  fromRps: 60\n  toRps: 180\n  atSecond: 200\n",
                "  csv: traces/t.csv\n  scale: 2\n  interpolation: linear\n"));
    assertThat(scenario.load().trace()).isInstanceOf(CsvLoadTrace.class);
    assertThat(scenario.load().trace().rpsAt(50)).isEqualTo(30);
  }

  @Test
  void readsACsvTraceFromTheClasspath() {
    Scenario scenario =
        load(
            ScenarioFiles.SCENARIO.replace(
                "  shape: step\n  fromRps: 60\n  toRps: 180\n  atSecond: 200\n",
                "  csv: classpath:traces/wc98_1998-06-30_24h_1min.csv\n  scale: 0.1\n"));
    assertThat(scenario.load().trace().rpsAt(0))
        .isEqualTo(29.355, org.assertj.core.api.Assertions.within(1e-9));
  }

  @Test
  void namesTheFieldOfAnUnknownKey() {
    assertRejected(
        ScenarioFiles.SCENARIO.replace("initialReplicas: 3", "initialReplica: 3"),
        "scenario.yaml",
        "initialReplica",
        "unknown field",
        "initialReplicas");
  }

  @Test
  void namesAMissingRequiredField() {
    assertRejected(
        ScenarioFiles.SCENARIO.replace("  meanServiceSeconds: 0.05\n", ""),
        "service.meanServiceSeconds",
        "is required");
  }

  @Test
  void explainsABadQuantity() {
    assertRejected(
        ScenarioFiles.SCENARIO.replace("cpuRequest: \"2\"", "cpuRequest: two"),
        "service.cpuRequest",
        "CPU quantity such as 500m",
        "'two'");
    assertRejected(
        ScenarioFiles.SCENARIO.replace("memoryLimit: 1Gi", "memoryLimit: 1GB"),
        "service.memoryLimit",
        "memory quantity");
  }

  @Test
  void explainsAWrongType() {
    assertRejected(
        ScenarioFiles.SCENARIO.replace("durationSeconds: 600", "durationSeconds: ten minutes"),
        "durationSeconds",
        "whole number");
    assertRejected(
        ScenarioFiles.SCENARIO.replace("  fromRps: 60", "  fromRps: -60"), "load.fromRps", ">= 0");
  }

  @Test
  void listsTheKnownShapes() {
    assertRejected(
        ScenarioFiles.SCENARIO.replace("shape: step", "shape: staircase"),
        "load.shape",
        "staircase",
        "sawtooth");
  }

  @Test
  void wantsExactlyOneOfShapeAndCsv() {
    assertRejected(
        ScenarioFiles.SCENARIO.replace("  shape: step\n", "  shape: step\n  csv: x.csv\n"),
        "load.shape",
        "exactly one");
  }

  @Test
  void saysWhichFileIsMissing() {
    assertRejected(
        ScenarioFiles.SCENARIO.replace("policy: policy.yaml", "policy: nope.yaml"),
        "policy",
        "nope.yaml",
        "no such file");
    assertRejected(
        ScenarioFiles.SCENARIO.replace(
            "  shape: step\n  fromRps: 60\n  toRps: 180\n  atSecond: 200\n", "  csv: gone.csv\n"),
        "load.csv",
        "gone.csv");
  }

  @Test
  void rejectsAPolicyThatIsNotOne() throws IOException {
    Path scenario = ScenarioFiles.write(dir, ScenarioFiles.SCENARIO);
    Files.writeString(dir.resolve("policy.yaml"), "apiVersion: v1\nkind: ConfigMap\ndata: {}\n");
    assertThatThrownBy(() -> ScenarioLoader.load(scenario))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("policy")
        .hasMessageContaining("not a PerformancePolicy")
        .hasMessageContaining("data");
    Files.writeString(dir.resolve("policy.yaml"), "apiVersion: v1\nkind: ConfigMap\n");
    assertThatThrownBy(() -> ScenarioLoader.load(scenario))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("spec.budgets");
  }

  @Test
  void supportsOnlyOneSecondSteps() {
    assertRejected(ScenarioFiles.SCENARIO + "stepSeconds: 5\n", "stepSeconds", "only 1");
  }

  @Test
  void rejectsAnInvertedWindow() {
    assertRejected(
        ScenarioFiles.SCENARIO
            + "observation:\n  prometheusDownFromSecond: 300\n  prometheusDownToSecond: 100\n",
        "observation.prometheusDownToSecond");
    assertRejected(
        ScenarioFiles.SCENARIO.replace(
            "  memoryLimit: 1Gi\n",
            "  memoryLimit: 1Gi\n  slowDependency:\n    fromSecond: 50\n    toSecond: 10\n    addedSeconds: 1\n"),
        "service.slowDependency.toSecond");
  }

  @Test
  void rejectsALimitBelowItsRequest() {
    assertRejected(
        ScenarioFiles.SCENARIO.replace("cpuLimit: \"2\"", "cpuLimit: 500m"),
        "service.cpuLimit",
        "at least cpuRequest");
  }

  @Test
  void rejectsTextThatIsNotYaml() {
    assertRejected("name: [unclosed\n", "not valid YAML");
    assertRejected("- a list\n", "mapping");
  }

  @Test
  void everyBuiltInScenarioLoads() {
    assertThat(BuiltInScenarios.load())
        .hasSize(10)
        .extracting(Scenario::name)
        .containsExactly(
            "step-3x",
            "spike",
            "diurnal",
            "sawtooth",
            "slow-ramp",
            "slow-dependency",
            "memory-growth",
            "pod-size",
            "worldcup98",
            "statefulset-step");
    assertThat(BuiltInScenarios.load())
        .filteredOn(s -> s.workload() != WorkloadKind.DEPLOYMENT)
        .extracting(Scenario::name, Scenario::workload)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "statefulset-step", WorkloadKind.STATEFUL_SET_ORDERED_READY));
  }

  @Test
  void aWorkloadIsADeploymentUnlessItSaysStatefulSet() {
    assertThat(load(ScenarioFiles.SCENARIO).workload()).isEqualTo(WorkloadKind.DEPLOYMENT);
    assertThat(load(ScenarioFiles.SCENARIO + "workload:\n  kind: Deployment\n").workload())
        .isEqualTo(WorkloadKind.DEPLOYMENT);
    // OrderedReady is Kubernetes' default.
    assertThat(load(ScenarioFiles.SCENARIO + "workload:\n  kind: StatefulSet\n").workload())
        .isEqualTo(WorkloadKind.STATEFUL_SET_ORDERED_READY);
    assertThat(
            load(ScenarioFiles.SCENARIO
                    + "workload:\n  kind: StatefulSet\n  podManagementPolicy: Parallel\n")
                .workload())
        .isEqualTo(WorkloadKind.STATEFUL_SET_PARALLEL);
  }

  @Test
  void rejectsAWorkloadItCannotModel() {
    assertRejected(
        ScenarioFiles.SCENARIO + "workload:\n  kind: DaemonSet\n",
        "workload.kind",
        "expected Deployment or StatefulSet, got 'DaemonSet'");
    assertRejected(
        ScenarioFiles.SCENARIO + "workload:\n  kind: StatefulSet\n  podManagementPolicy: Ordered\n",
        "workload.podManagementPolicy",
        "expected OrderedReady or Parallel");
    assertRejected(
        ScenarioFiles.SCENARIO + "workload:\n  podManagementPolicy: Parallel\n",
        "workload.podManagementPolicy",
        "StatefulSet only");
    assertRejected(
        ScenarioFiles.SCENARIO + "workload:\n  kind: StatefulSet\n  replicas: 3\n",
        "workload.replicas",
        "unknown field");
  }

  @Test
  void theWorkloadIsTheKindThePolicyTargets() throws IOException {
    ScenarioFiles.write(dir, ScenarioFiles.SCENARIO);
    Files.writeString(
        dir.resolve("policy.yaml"),
        ScenarioFiles.POLICY.replace(
            "  targetRef:\n    name: t\n",
            "  targetRef:\n    apiVersion: apps/v1\n    kind: StatefulSet\n    name: t\n"));
    assertThatThrownBy(() -> ScenarioLoader.load(dir.resolve("scenario.yaml")))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("workload.kind")
        .hasMessageContaining("the policy's targetRef is a StatefulSet but the workload is a")
        .hasMessageContaining("set workload.kind: StatefulSet");
    Files.writeString(
        dir.resolve("scenario.yaml"), ScenarioFiles.SCENARIO + "workload:\n  kind: StatefulSet\n");
    assertThat(ScenarioLoader.load(dir.resolve("scenario.yaml")).workload())
        .isEqualTo(WorkloadKind.STATEFUL_SET_ORDERED_READY);
  }
}
