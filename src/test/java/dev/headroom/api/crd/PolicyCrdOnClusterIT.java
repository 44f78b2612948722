package dev.headroom.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.cluster.CrdInstaller;
import dev.headroom.testing.cluster.RealCluster;
import dev.headroom.testing.cluster.TestNamespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The committed CRD on the test cluster — on the local 1.20 control plane with its CEL rules
 * stripped, since 1.20 has no CEL — still enforces its OpenAPI schema: every fixture whose mistake
 * the schema itself catches (types, patterns, enums, bounds, required fields) is refused with the
 * message its first line expects, and every example is accepted. The CEL fixtures and the
 * strict-decoding one (1.20 prunes unknown fields instead) are judged by {@link PolicyCrdCelIT}.
 */
@RealCluster
class PolicyCrdOnClusterIT {
  private static final Set<String> CEL_MESSAGES = ServerVerdict.celRuleMessages(Crds.COMMITTED);

  static List<Path> schemaFixtures() {
    return PolicyFiles.yamlFiles(PolicyFiles.INVALID).stream()
        .filter(f -> kind(f) == FixtureKind.SCHEMA)
        .toList();
  }

  static List<Path> examples() {
    return PolicyFiles.yamlFiles(PolicyFiles.EXAMPLES);
  }

  @BeforeEach
  void installCrd(KubernetesClient client) {
    CrdInstaller.install(client, Crds.COMMITTED);
  }

  @Test
  void theFixturesSplitIntoSchemaCelAndStrictDecodingMistakes() {
    List<Path> all = PolicyFiles.yamlFiles(PolicyFiles.INVALID);
    assertThat(all.stream().map(PolicyCrdOnClusterIT::kind))
        .as("a fixture of each kind, so none of the three server checks goes unexercised")
        .contains(FixtureKind.SCHEMA, FixtureKind.CEL, FixtureKind.STRICT_DECODING);
    assertThat(schemaFixtures()).hasSizeGreaterThanOrEqualTo(8);
  }

  @ParameterizedTest
  @MethodSource("schemaFixtures")
  void theSchemaRefusesTheMistakeWithTheExpectedMessage(
      Path fixture, KubernetesClient client, TestNamespace namespace) {
    ServerVerdict verdict = ServerVerdict.create(client, namespace.name(), fixture);

    assertThat(verdict.accepted()).as(fixture + " must be refused").isFalse();
    String expected = ServerVerdict.expectedMessage(fixture);
    if (!CrdInstaller.hasCel(client.getKubernetesVersion())) {
      // Seen on 1.20: its schema errors name list items without their index
      // ("spec.budgets.latency.target" for "spec.budgets.latency[0].target"). The fixtures carry
      // what current servers (and PolicyCrdCelIT's 1.36 server) print; an old one may drop it.
      assertThat(verdict.says(expected) || verdict.says(withoutListIndices(expected)))
          .as(
              "%s: expected %s (list indices optional on this old server)%nthe server said %s%n%s",
              fixture, expected, verdict.message(), verdict.causes())
          .isTrue();
      return;
    }
    assertThat(verdict.says(expected))
        .as(
            "%s: expected %s%nthe server said %s%n%s",
            fixture, expected, verdict.message(), verdict.causes())
        .isTrue();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void everyExampleIsAccepted(Path example, KubernetesClient client, TestNamespace namespace) {
    ServerVerdict verdict = ServerVerdict.create(client, namespace.name(), example);

    assertThat(verdict.accepted())
        .as("%s: %s %s", example, verdict.message(), verdict.causes())
        .isTrue();
  }

  /** {@code a.b[0].c: … a.b[0].c …} as {@code a.b.c: … a.b.c …}. */
  static String withoutListIndices(String message) {
    return message.replaceAll("(?<=[A-Za-z])\\[\\d+\\]", "");
  }

  enum FixtureKind {
    SCHEMA,
    CEL,
    STRICT_DECODING
  }

  static FixtureKind kind(Path fixture) {
    String expected = ServerVerdict.expectedMessage(fixture);
    if (expected.startsWith("unknown field ")) {
      return FixtureKind.STRICT_DECODING;
    }
    return CEL_MESSAGES.stream().anyMatch(m -> expected.endsWith(": " + m))
        ? FixtureKind.CEL
        : FixtureKind.SCHEMA;
  }
}
