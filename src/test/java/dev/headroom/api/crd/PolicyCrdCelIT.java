package dev.headroom.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.cluster.CelServer;
import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.cluster.RealCrdServer;
import dev.headroom.testing.cluster.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRD, CEL rules included, on a real CEL-capable server ({@code CelServer}: the 1.36
 * kube-apiserver that also serves Deployments, or on the 1.20 route the apiextensions-apiserver
 * 1.36 beside it): every invalid fixture is refused with exactly the message its first line expects
 * (the line kubectl prints), and every example is accepted and stored with the spec it was written
 * with. This is the real server judging what {@code InvalidPoliciesTest} and {@code ExamplesTest}
 * check with the test-side validator.
 */
@RealCrdServer
class PolicyCrdCelIT {
  static List<Path> fixtures() {
    return PolicyFiles.yamlFiles(PolicyFiles.INVALID);
  }

  static List<Path> examples() {
    return PolicyFiles.yamlFiles(PolicyFiles.EXAMPLES);
  }

  @BeforeEach
  void installCrd(CelServer server) {
    CrdInstaller.install(server.client(), Crds.COMMITTED, true);
  }

  @Test
  void theServerIsTheCelCapableOne(CelServer server) {
    String version = server.version();
    System.out.println(
        "[headroom tests] PolicyCrdCelIT runs against " + server.description() + ", " + version);
    assertThat(version).as("the CRD server's version").startsWith("v1.");
    assertThat(Integer.parseInt(version.split("\\.")[1])).isGreaterThanOrEqualTo(25);
    var crd =
        server
            .client()
            .apiextensions()
            .v1()
            .customResourceDefinitions()
            .withName("performancepolicies.headroom.dev")
            .get();
    assertThat(crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema().toString())
        .as("the rules were installed, not stripped")
        .contains("minReplicas must be less than or equal to maxReplicas");
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void everyMistakeIsRefusedWithTheExpectedMessage(
      Path fixture, CelServer server, TestNamespace namespace) {
    ServerVerdict verdict = ServerVerdict.create(server.client(), namespace.name(), fixture);

    verdict.assertRefusedAsExpected(fixture);
    assertThat(verdict.message())
        .as("a broken rule in our CRD shows as a compilation or evaluation error")
        .doesNotContain("compilation failed", "internal error");
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleIsAcceptedAndStoredAsWritten(
      Path example, CelServer server, TestNamespace namespace) {
    ServerVerdict verdict = ServerVerdict.create(server.client(), namespace.name(), example);
    assertThat(verdict.accepted())
        .as("%s: %s %s", example, verdict.message(), verdict.causes())
        .isTrue();

    String name = (String) ((Map<?, ?>) PolicyFiles.read(example).get("metadata")).get("name");
    GenericKubernetesResource stored =
        server
            .client()
            .genericKubernetesResources(ServerVerdict.POLICIES)
            .inNamespace(namespace.name())
            .withName(name)
            .get();
    Object written = PolicyFiles.numbersNormalized(PolicyFiles.read(example).get("spec"));
    Object kept = PolicyFiles.numbersNormalized(stored.getAdditionalProperties().get("spec"));
    assertThat(kept)
        .as("%s: the server keeps every field the example sets (defaults may add more)", example)
        .isInstanceOf(Map.class);
    assertContains((Map<?, ?>) kept, (Map<?, ?>) written, example + ": spec");
  }

  /** Every value the example wrote is stored unchanged; the server may add defaults beside them. */
  private static void assertContains(Map<?, ?> stored, Map<?, ?> written, String path) {
    written.forEach(
        (key, value) -> {
          Object actual = stored.get(key);
          if (value instanceof Map<?, ?> w && actual instanceof Map<?, ?> s) {
            assertContains(s, w, path + "." + key);
          } else if (value instanceof List<?> w
              && actual instanceof List<?> s
              && w.size() == s.size()) {
            for (int i = 0; i < w.size(); i++) {
              if (w.get(i) instanceof Map<?, ?> wm && s.get(i) instanceof Map<?, ?> sm) {
                assertContains(sm, wm, path + "." + key + "[" + i + "]");
              } else {
                assertThat(s.get(i)).as(path + "." + key + "[" + i + "]").isEqualTo(w.get(i));
              }
            }
          } else {
            assertThat(actual).as(path + "." + key).isEqualTo(value);
          }
        });
  }
}
