package dev.headroom.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.crd.CrdSchemaValidator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The policies of the built-in simulation scenarios are ones the cluster would accept. */
class SimulatorPoliciesTest {
  private static final CrdSchemaValidator CRD = CrdSchemaValidator.load(Crds.COMMITTED, "v1alpha1");

  static List<Path> policies() {
    List<Path> policies = PolicyFiles.yamlFiles(Path.of("src/main/resources/scenarios/policies"));
    assertThat(policies).hasSizeGreaterThanOrEqualTo(3);
    return policies;
  }

  @ParameterizedTest
  @MethodSource("policies")
  void isAcceptedByTheCrdSchemaAndItsCelRules(Path policy) {
    var result = CRD.validate(PolicyFiles.read(policy));
    assertThat(result.messages()).as(policy.toString()).isEmpty();
  }
}
