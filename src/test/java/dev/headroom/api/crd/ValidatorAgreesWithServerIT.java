package dev.headroom.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.cluster.CelServer;
import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.cluster.RealCrdServer;
import dev.headroom.testing.cluster.TestNamespace;
import dev.headroom.testing.crd.CrdSchemaValidator;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The test-side validator ({@code testing.crd}), which the unit tests trust to say what the
 * apiserver says, gives the same errors as a real 1.36 server ({@code CelServer}: the
 * kube-apiserver itself, or apiextensions-apiserver on the 1.20 route): for every policy file, and
 * for the validator's own synthetic Widget CRD on the cases its unit tests pin down.
 */
@RealCrdServer
class ValidatorAgreesWithServerIT {
  private static final Path WIDGETS =
      Path.of("src/test/resources/crd-validator/widgets.example.com.yaml");
  private static final CrdSchemaValidator POLICY_VALIDATOR =
      CrdSchemaValidator.load(Crds.COMMITTED, "v1alpha1");
  private static final CrdSchemaValidator WIDGET_VALIDATOR = CrdSchemaValidator.load(WIDGETS, "v1");
  private static final ResourceDefinitionContext WIDGET_TYPE =
      new ResourceDefinitionContext.Builder()
          .withGroup("example.com")
          .withVersion("v1")
          .withPlural("widgets")
          .withKind("Widget")
          .withNamespaced(true)
          .build();

  static Stream<Path> policyFiles() {
    return Stream.concat(
        PolicyFiles.yamlFiles(PolicyFiles.INVALID).stream(),
        PolicyFiles.yamlFiles(PolicyFiles.EXAMPLES).stream());
  }

  @ParameterizedTest
  @MethodSource("policyFiles")
  void policies(Path file, CelServer server, TestNamespace namespace) {
    CrdInstaller.install(server.client(), Crds.COMMITTED, true);
    Map<String, Object> policy = PolicyFiles.read(file);

    ServerVerdict verdict =
        ServerVerdict.create(server.client(), ServerVerdict.POLICIES, namespace.name(), policy);

    assertAgree(verdict, POLICY_VALIDATOR.validate(policy).messages(), file.toString());
  }

  /** Spec lines of a Widget, as in CrdCelRulesTest and CrdSchemaValidatorTest. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "replicas: 2|minReplicas: 5|maxReplicas: 3",
        "replicas: 2|mode: 'Off'|paused: true",
        "replicas: 2|budgets: {latency: [{name: p50, percentile: 0.9, threshold: 1s}]}",
        "replicas: 2|budgets: {latency: [{name: p90, percentile: 0.9, threshold: 0s}]}|owner:"
            + " Team_A|scale: 7",
        "replicas: 2|scale: 3",
        "replicas: 2|labels: {team: Shop}",
        "replicas: 2|maxUnavailable: 3",
        "replicas: 2|maxUnavailable: '3'",
        "replicas: 2|resources: {requestCpu: '2', limitCpu: 1500m, memory: 128Gi}",
        "replicas: 2|resources: {requestCpu: 1500m, limitCpu: '1.5', memory: 64Gi}",
        "replicas: 2|resources: {memory: lots}",
        "replicas: 2|timeout: 100ms",
        "replicas: 2|window: {start: 3}",
        "replicas: 2|window: {start: 3, end: 2}",
        "replicas: 2|reservedName: reserved",
        "replicas: '2'|minReplicas: 5|maxReplicas: 3",
      })
  void widgets(String specLines, CelServer server, TestNamespace namespace) {
    CrdInstaller.install(server.client(), "widgets without legacy's rule", installableWidgets());
    StringBuilder yaml =
        new StringBuilder(
            "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n"
                + "  targetRef: {name: app}\n");
    for (String line : specLines.split("\\|")) {
      yaml.append("  ").append(line).append('\n');
    }
    Map<String, Object> widget = CrdSchemaValidator.parseYaml(yaml.toString());

    ServerVerdict verdict =
        ServerVerdict.create(server.client(), WIDGET_TYPE, namespace.name(), widget);

    assertAgree(verdict, WIDGET_VALIDATOR.validate(widget).messages(), specLines);
  }

  /**
   * The Widget CRD without {@code spec.legacy}'s rule: that rule does not compile on purpose (for
   * the validator's compile-error test), and a real server refuses a CRD with such a rule.
   */
  private static Map<String, Object> installableWidgets() {
    Map<String, Object> crd = CrdInstaller.read(WIDGETS);
    Object version = ((List<?>) child(crd, "spec").get("versions")).get(0);
    Map<String, Object> schema = child(child((Map<?, ?>) version, "schema"), "openAPIV3Schema");
    Map<String, Object> spec = child(child(schema, "properties"), "spec");
    child(child(spec, "properties"), "legacy").remove("x-kubernetes-validations");
    return crd;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<?, ?> parent, String key) {
    return (Map<String, Object>) parent.get(key);
  }

  private static void assertAgree(ServerVerdict verdict, List<String> predicted, String what) {
    assertThat(verdict.accepted()).as(what + ": accepted by both").isEqualTo(predicted.isEmpty());
    List<String> unsaid = new ArrayList<>();
    for (String line : predicted) {
      if (!verdict.says(line)) {
        unsaid.add(line);
      }
    }
    assertThat(unsaid)
        .as("%s: predicted but not said by the server, which said %s", what, verdict.message())
        .isEmpty();
    assertThat(verdict.causes())
        .as("%s: said by the server but not predicted", what)
        .allMatch(predicted::contains);
  }
}
