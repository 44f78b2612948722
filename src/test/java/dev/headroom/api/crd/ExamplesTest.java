package dev.headroom.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.testing.crd.CrdSchemaValidator;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example in examples/ is accepted by the CRD and read by the model without loss. */
class ExamplesTest {
  private static final CrdSchemaValidator CRD = CrdSchemaValidator.load(Crds.COMMITTED, "v1alpha1");
  private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

  static List<Path> examples() {
    List<Path> examples = PolicyFiles.yamlFiles(PolicyFiles.EXAMPLES);
    assertThat(examples)
        .as("one example per service in the issue, plus our own")
        .hasSizeGreaterThanOrEqualTo(7);
    return examples;
  }

  @ParameterizedTest
  @MethodSource("examples")
  void isAcceptedByTheCrdSchemaAndItsCelRules(Path example) {
    var result = CRD.validate(PolicyFiles.read(example));
    assertThat(result.messages()).as(example.toString()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void roundTripsThroughTheModelWithoutLosingAField(Path example) throws Exception {
    Map<String, Object> original = PolicyFiles.read(example);
    PerformancePolicy policy =
        SERIALIZATION.unmarshal(Files.readString(example), PerformancePolicy.class);
    assertThat(policy.getSpec()).isNotNull();
    assertThat(policy.getSpec().targetRef().name()).isNotBlank();

    @SuppressWarnings("unchecked")
    Map<String, Object> written =
        PolicyFiles.YAML.readValue(SERIALIZATION.asYaml(policy), Map.class);
    assertThat(PolicyFiles.numbersNormalized(written.get("spec")))
        .as(example + ": the model reads and writes every field")
        .isEqualTo(PolicyFiles.numbersNormalized(original.get("spec")));
  }
}
