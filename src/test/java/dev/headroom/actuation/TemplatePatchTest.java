package dev.headroom.actuation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.engine.ContainerResources;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatePatchTest {
  private static final List<Container> SIDECAR_THEN_APP =
      List.of(
          new ContainerBuilder()
              .withName("log-shipper")
              .withNewResources()
              .addToLimits("memory", new Quantity("32Mi"))
              .endResources()
              .build(),
          new ContainerBuilder()
              .withName("app")
              .withNewResources()
              .addToRequests("cpu", new Quantity("100m"))
              .addToRequests("ephemeral-storage", new Quantity("1Gi"))
              .addToLimits("memory", new Quantity("64Mi"))
              .endResources()
              .build());

  @Test
  void testsTheVersionAndTheNameAtTheIndexThenReplacesOnlyThatContainersResources() {
    var ops =
        TemplatePatch.of(
            "42",
            SIDECAR_THEN_APP,
            Map.of("app", new ContainerResources(0, 0, 0, 128L << 20)),
            "Rollout shop/web");

    assertThat(Models.JSON.asJson(ops))
        .isEqualTo(
            "[{\"op\":\"test\",\"path\":\"/metadata/resourceVersion\",\"value\":\"42\"},"
                + "{\"op\":\"test\",\"path\":\"/spec/template/spec/containers/1/name\","
                + "\"value\":\"app\"},"
                + "{\"op\":\"add\",\"path\":\"/spec/template/spec/containers/1/resources\","
                + "\"value\":{\"requests\":{\"cpu\":\"100m\",\"ephemeral-storage\":\"1Gi\"},"
                + "\"limits\":{\"memory\":\"128Mi\"}}}]");
  }

  @Test
  void setsEveryNonZeroValueAndKeepsTheManifestsOthers() {
    var ops =
        TemplatePatch.of(
            "7",
            SIDECAR_THEN_APP,
            Map.of("log-shipper", new ContainerResources(50, 200, 16L << 20, 0)),
            "Rollout shop/web");
    assertThat(Models.JSON.asJson(ops.get(2)))
        .isEqualTo(
            "{\"op\":\"add\",\"path\":\"/spec/template/spec/containers/0/resources\","
                + "\"value\":{\"limits\":{\"memory\":\"32Mi\",\"cpu\":\"200m\"},"
                + "\"requests\":{\"cpu\":\"50m\",\"memory\":\"16Mi\"}}}");
  }

  @Test
  void aContainerNotInTheTemplateIsRefusedByName() {
    assertThatThrownBy(
            () ->
                TemplatePatch.of(
                    "1",
                    SIDECAR_THEN_APP,
                    Map.of("worker", new ContainerResources(10, 0, 0, 0)),
                    "Rollout shop/web"))
        .isInstanceOf(ActuationException.class)
        .hasMessage("Rollout shop/web has no container worker");
  }
}
