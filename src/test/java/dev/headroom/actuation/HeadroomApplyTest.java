package dev.headroom.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.engine.ContainerResources;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HeadroomApplyTest {
  private static final String OWNS_REPLICAS_AND_APP_REQUESTS =
      """
      {"f:spec": {"f:replicas": {}, "f:template": {"f:spec": {"f:containers": {
        "k:{\\"name\\":\\"app\\"}": {".": {}, "f:name": {}, "f:resources": {
          "f:requests": {"f:cpu": {}, "f:memory": {}}}}}}}}}
      """;

  @Test
  void ownershipIsReadFromHeadroomsApplyEntryOnly() {
    var owned =
        HeadroomOwnership.of(
            Models.twoContainers(OWNS_REPLICAS_AND_APP_REQUESTS), WorkloadActuator.FIELD_MANAGER);
    assertThat(owned.replicas()).isTrue();
    assertThat(owned.containers())
        .containsOnlyKeys("app")
        .containsEntry(
            "app", EnumSet.of(ResourceField.REQUESTS_CPU, ResourceField.REQUESTS_MEMORY));

    var argo = HeadroomOwnership.of(Models.twoContainers("{}"), "argocd-controller");
    assertThat(argo.replicas()).isFalse();
    assertThat(argo.containers()).as("owns the app item, but none of its resources").isEmpty();
    assertThat(HeadroomOwnership.of(Models.twoContainers("{}"), "headroom"))
        .isEqualTo(HeadroomOwnership.none());
  }

  @Test
  void aReplicasChangeRepeatsTheResourcesHeadroomOwnsWithTheirCurrentValues() {
    var current =
        HeadroomApply.current(
            Models.twoContainers(OWNS_REPLICAS_AND_APP_REQUESTS), WorkloadActuator.FIELD_MANAGER);
    assertThat(current.replicas()).contains(4);
    assertThat(current.containers())
        .containsExactly(Map.entry("app", new ContainerResources(250, 0, 128L << 20, 0)));

    Map<String, Object> object = current.withReplicas(7).toApplyObject("ns", "web");

    assertThat(Models.JSON.asJson(object))
        .isEqualTo(
            "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\","
                + "\"namespace\":\"ns\"},\"spec\":{\"replicas\":7,\"template\":{\"spec\":{"
                + "\"containers\":[{\"name\":\"app\",\"resources\":{\"requests\":{\"cpu\":\"250m\","
                + "\"memory\":\"128Mi\"}}}]}}}}");
  }

  @Test
  void aResourcesChangeKeepsReplicasAndOtherContainersAndOmitsZeros() {
    var current =
        HeadroomApply.current(
            Models.twoContainers(OWNS_REPLICAS_AND_APP_REQUESTS), WorkloadActuator.FIELD_MANAGER);

    var next =
        current.withResources(
            Map.of("sidecar", new ContainerResources(2000, 0, 0, (3L << 30) + 1)));

    assertThat(next.replicas()).contains(4);
    assertThat(next.containers()).containsOnlyKeys("app", "sidecar");
    @SuppressWarnings("unchecked")
    var spec = (Map<String, Object>) next.toApplyObject("ns", "web").get("spec");
    assertThat(spec.get("replicas")).isEqualTo(4);
    assertThat(spec.get("template"))
        .isEqualTo(
            Map.of(
                "spec",
                Map.of(
                    "containers",
                    List.of(
                        Map.of(
                            "name",
                            "app",
                            "resources",
                            Map.of("requests", Map.of("cpu", "250m", "memory", "128Mi"))),
                        Map.of(
                            "name",
                            "sidecar",
                            "resources",
                            Map.of(
                                "requests",
                                Map.of("cpu", "2"),
                                "limits",
                                Map.of("memory", Long.toString((3L << 30) + 1))))))));
  }

  @Test
  void withoutOwnershipTheApplyHoldsOnlyWhatIsChanged() {
    var object =
        HeadroomApply.current(Models.twoContainers("{}"), WorkloadActuator.FIELD_MANAGER)
            .withReplicas(2)
            .toApplyObject("ns", "web");
    assertThat(object)
        .containsOnlyKeys("apiVersion", "kind", "metadata", "spec")
        .containsEntry("spec", Map.of("replicas", 2));
    assertThat(new HeadroomApply(Optional.empty(), Map.of()).toApplyObject("ns", "web"))
        .doesNotContainKey("spec");
  }

  @Test
  void aStatefulSetsApplyNamesItsOwnKind() {
    var statefulSet = new ScalableResource("apps", "v1", "StatefulSet", "statefulsets");
    Map<String, Object> object =
        new HeadroomApply(Optional.of(3), Map.of()).toApplyObject(statefulSet, "shop", "db");
    assertThat(Models.JSON.asJson(object))
        .isEqualTo(
            "{\"apiVersion\":\"apps/v1\",\"kind\":\"StatefulSet\",\"metadata\":{\"name\":\"db\","
                + "\"namespace\":\"shop\"},\"spec\":{\"replicas\":3}}");
  }
}
