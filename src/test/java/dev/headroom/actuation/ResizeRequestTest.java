package dev.headroom.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.engine.ContainerResources;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResizeRequestTest {
  private static final io.fabric8.kubernetes.api.model.Pod POD =
      Models.pod(
          """
          apiVersion: v1
          kind: Pod
          metadata: {name: web-1, namespace: ns}
          spec:
            containers:
              - name: app
                image: x
                resources:
                  requests: {cpu: 250m, memory: 128Mi}
                  limits: {memory: 256Mi}
              - name: sidecar
                image: y
          status: {phase: Running}
          """);

  @Test
  void thePatchHoldsOnlyTheValuesThatChangeOfContainersThePodHas() {
    var request =
        ResizeRequest.of(
                POD,
                Map.of(
                    "app", new ContainerResources(500, 0, 128L << 20, 512L << 20),
                    "ghost", new ContainerResources(100, 0, 0, 0)))
            .orElseThrow();

    assertThat(request.path()).isEqualTo("/api/v1/namespaces/ns/pods/web-1/resize");
    assertThat(request.patch())
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
                            Map.of(
                                "requests", Map.of("cpu", "500m"),
                                "limits", Map.of("memory", "512Mi")))))));
    assertThat(Models.JSON.asJson(request.patch()))
        .isEqualTo(
            "{\"spec\":{\"containers\":[{\"name\":\"app\",\"resources\":{\"requests\":"
                + "{\"cpu\":\"500m\"},\"limits\":{\"memory\":\"512Mi\"}}}]}}");
  }

  @Test
  void aPodThatHasTheValuesAlreadyNeedsNoResize() {
    assertThat(ResizeRequest.of(POD, Map.of("app", new ContainerResources(250, 0, 128L << 20, 0))))
        .isEmpty();
  }

  @Test
  void onlyRunningPodsNotBeingDeletedAreResized() {
    assertThat(InPlaceResizer.resizable(POD)).isTrue();
    var deleting = Models.JSON.clone(POD);
    deleting.getMetadata().setDeletionTimestamp("2026-01-01T00:00:00Z");
    assertThat(InPlaceResizer.resizable(deleting)).isFalse();
    var pending = Models.JSON.clone(POD);
    pending.getStatus().setPhase("Pending");
    assertThat(InPlaceResizer.resizable(pending)).isFalse();
  }

  @Test
  void theUnsupportedMessageStartsWithTheConditionReason() {
    assertThat(new InPlaceResult.Unsupported("no resize here").message())
        .isEqualTo("InPlaceUnsupported: no resize here");
  }
}
