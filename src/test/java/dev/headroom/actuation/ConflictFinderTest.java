package dev.headroom.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.TargetRef;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConflictFinderTest {
  private static PerformancePolicy policy(String name, String uid, String created, String target) {
    return Models.JSON.unmarshal(
        """
        apiVersion: headroom.dev/v1alpha1
        kind: PerformancePolicy
        metadata: {name: %s, namespace: ns, uid: %s, creationTimestamp: "%s"}
        spec:
          targetRef: {name: %s}
          scaling: {minReplicas: 1, maxReplicas: 3}
          budgets: {}
        """
            .formatted(name, uid, created, target),
        PerformancePolicy.class);
  }

  @Test
  void theOlderPolicyKeepsTheTargetAndTheNewerOneSeesIt() {
    var older = policy("b-old", "1", "2026-01-01T10:00:00Z", "web");
    var newer = policy("a-new", "2", "2026-01-01T11:00:00Z", "web");
    var elsewhere = policy("c", "3", "2026-01-01T09:00:00Z", "api");
    var all = List.of(older, newer, elsewhere);

    assertThat(ConflictFinder.olderPolicy(newer, all))
        .contains(new OtherOwner("PerformancePolicy", "headroom.dev/v1alpha1", "b-old"));
    assertThat(ConflictFinder.olderPolicy(older, all)).isEmpty();
    assertThat(ConflictFinder.olderPolicy(elsewhere, all)).isEmpty();
  }

  @Test
  void atTheSameSecondTheNameDecides() {
    var a = policy("a", "1", "2026-01-01T10:00:00Z", "web");
    var b = policy("b", "2", "2026-01-01T10:00:00Z", "web");
    assertThat(ConflictFinder.olderPolicy(b, List.of(a, b))).map(OtherOwner::name).contains("a");
    assertThat(ConflictFinder.olderPolicy(a, List.of(a, b))).isEmpty();
  }

  @Test
  void aPolicyBeingDeletedKeepsNothing() {
    var older = policy("old", "1", "2026-01-01T10:00:00Z", "web");
    older.getMetadata().setDeletionTimestamp("2026-01-01T12:00:00Z");
    var newer = policy("new", "2", "2026-01-01T11:00:00Z", "web");
    assertThat(ConflictFinder.olderPolicy(newer, List.of(older, newer))).isEmpty();
  }

  @Test
  void aReferenceMatchesTheTargetsGroupKindAndName() {
    TargetRef web = TargetRef.deployment("web");
    assertThat(ConflictFinder.refersTo("apps/v1", "Deployment", "web", web)).isTrue();
    assertThat(ConflictFinder.refersTo(null, "Deployment", "web", web)).isTrue();
    assertThat(ConflictFinder.refersTo("extensions/v1beta1", "Deployment", "web", web)).isTrue();
    assertThat(ConflictFinder.refersTo("apps/v1", "StatefulSet", "web", web)).isFalse();
    assertThat(ConflictFinder.refersTo("apps/v1", "Deployment", "api", web)).isFalse();
    assertThat(ConflictFinder.refersTo("example.com/v1", "Deployment", "web", web)).isFalse();
    TargetRef db = new TargetRef("apps/v1", "StatefulSet", "db");
    assertThat(ConflictFinder.refersTo("apps/v1", "StatefulSet", "db", db)).isTrue();
    assertThat(ConflictFinder.refersTo("apps/v1", "Deployment", "db", db)).isFalse();
    TargetRef rollout = new TargetRef("argoproj.io/v1alpha1", "Rollout", "web");
    assertThat(ConflictFinder.refersTo("argoproj.io/v1alpha1", "Rollout", "web", rollout)).isTrue();
    assertThat(ConflictFinder.refersTo("apps/v1", "Rollout", "web", rollout)).isFalse();
  }

  @Test
  void theMessageNamesEveryOtherOwner() {
    var conflicts =
        new Conflicts(
            List.of(
                new OtherOwner("HorizontalPodAutoscaler", "autoscaling/v1", "web-hpa"),
                new OtherOwner("ScaledObject", "keda.sh/v1alpha1", "web-so")));
    assertThat(conflicts.any()).isTrue();
    assertThat(conflicts.message("Deployment ns/web"))
        .isEqualTo(
            "Deployment ns/web is also controlled by HorizontalPodAutoscaler web-hpa,"
                + " ScaledObject web-so");
    assertThat(Conflicts.none().any()).isFalse();
  }
}
