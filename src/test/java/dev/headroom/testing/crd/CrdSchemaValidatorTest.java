package dev.headroom.testing.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CrdSchemaValidatorTest {

  static final Path CRD = Path.of("src/test/resources/crd-validator/widgets.example.com.yaml");
  static final CrdSchemaValidator VALIDATOR = CrdSchemaValidator.load(CRD, "v1");
  static final String RULES_SKIPPED =
      "<nil>: Invalid value: null: some validation rules were not checked because the object"
          + " was invalid; correct the existing errors to complete validation";

  /** A Widget named {@code w} whose spec is the given YAML lines, indented by two spaces. */
  static ValidationResult widget(String... specLines) {
    StringBuilder yaml =
        new StringBuilder(
            "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n");
    for (String line : specLines) {
      yaml.append("  ").append(line).append('\n');
    }
    return VALIDATOR.validateYaml(yaml.toString());
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> spec(ValidationResult result) {
    return (Map<String, Object>) result.defaulted().get("spec");
  }

  @Test
  void validWidgetHasNoErrors() {
    ValidationResult result =
        widget(
            "targetRef: {kind: Deployment, name: checkout}",
            "replicas: 3",
            "minReplicas: 2",
            "maxReplicas: 5",
            "ratio: 0.95",
            "budgets:",
            "  latency:",
            "  - {name: p95, percentile: 0.95, threshold: 200ms}",
            "  - {name: p50, percentile: 0.5, threshold: 50ms}",
            "resources: {requestCpu: 1500m, limitCpu: '2', memory: 512Mi}",
            "labels: {team: shop}",
            "tags: [a, b]",
            "owner: team-a",
            "maxUnavailable: 25%",
            "surge: 1",
            "extra: {anything: [1, 2]}");

    assertThat(result.messages()).isEmpty();
    assertThat(result.valid()).isTrue();
  }

  @Test
  void defaultsFillAbsentFieldsAndObjectsThatExist() {
    ValidationResult result = widget("targetRef: {name: app}", "replicas: 2", "rollout: {}");

    assertThat(spec(result))
        .containsEntry("mode", "Recommend")
        .containsEntry("timeout", "30s")
        .containsEntry("rollout", Map.of("strategy", "Gradual", "stepPercent", 10L))
        // scaling has a default of {} and so receives its own property's default.
        .containsEntry("scaling", Map.of("cooldown", "5m"));
    assertThat(result.valid()).isTrue();
  }

  @Test
  void defaultsInsideAnAbsentObjectDoNotApply() {
    ValidationResult result = widget("targetRef: {name: app}", "replicas: 2");

    assertThat(spec(result)).doesNotContainKey("rollout");
  }

  @Test
  void nonNullableNullIsDefaultedOrDroppedAndNullableNullIsKept() {
    ValidationResult result =
        widget(
            "targetRef: {name: app}", "replicas: 2", "mode: null", "note: null", "comment: null");

    assertThat(spec(result).get("mode")).isEqualTo("Recommend");
    assertThat(spec(result)).doesNotContainKey("note").containsKey("comment");
    assertThat(spec(result).get("comment")).isNull();
    assertThat(result.valid()).isTrue();
  }

  @Test
  void validationDoesNotModifyTheCallersObject() {
    Map<String, Object> object =
        CrdSchemaValidator.parseYaml(
            "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n"
                + "spec: {targetRef: {name: app}, replicas: 2}\n");

    VALIDATOR.validate(object);

    assertThat(((Map<?, ?>) object.get("spec")).containsKey("mode")).isFalse();
  }

  @Test
  void missingRequiredFields() {
    assertThat(widget("targetRef: {kind: Deployment}").messages())
        // kube-openapi checks an object's properties before its own required list.
        .containsExactly(
            "spec.targetRef.name: Required value", "spec.replicas: Required value", RULES_SKIPPED);
    assertThat(
            VALIDATOR
                .validateYaml("apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n")
                .messages())
        .containsExactly("spec: Required value", RULES_SKIPPED);
  }

  @Test
  void enumViolation() {
    assertThat(widget("targetRef: {name: app}", "replicas: 2", "mode: Auto").messages())
        .containsExactly(
            "spec.mode: Unsupported value: \"Auto\": supported values: \"Enforce\","
                + " \"Recommend\", \"Off\"",
            RULES_SKIPPED);
  }

  @Test
  void typeErrorsNameTheJsonTypeGiven() {
    assertThat(widget("targetRef: {name: app}", "replicas: '3'", "paused: 1", "tags: x").messages())
        .containsExactly(
            "spec.paused: Invalid value: \"integer\": spec.paused in body must be of type"
                + " boolean: \"integer\"",
            "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type"
                + " integer: \"string\"",
            "spec.tags: Invalid value: \"string\": spec.tags in body must be of type array:"
                + " \"string\"",
            RULES_SKIPPED);
  }

  @Test
  void integerFieldRejectsFractionButAcceptsWholeDouble() {
    assertThat(widget("targetRef: {name: app}", "replicas: 1.5").messages())
        .containsExactly(
            "spec.replicas: Invalid value: \"number\": spec.replicas in body must be of type"
                + " integer: \"number\"",
            RULES_SKIPPED);
    assertThat(widget("targetRef: {name: app}", "replicas: 2.0").messages()).isEmpty();
  }

  @Test
  void numberFieldAcceptsInteger() {
    assertThat(widget("targetRef: {name: app}", "replicas: 2", "weight: 3").messages()).isEmpty();
  }

  @Test
  void inclusiveAndExclusiveBounds() {
    assertThat(
            widget(
                    "targetRef: {name: app}",
                    "replicas: 0",
                    "minReplicas: 0",
                    "ratio: 1",
                    "weight: 0.25")
                .messages())
        .containsExactly(
            "spec.replicas: Invalid value: 0: spec.replicas in body should be greater than or"
                + " equal to 1",
            "spec.minReplicas: Invalid value: 0: spec.minReplicas in body should be greater than"
                + " 0",
            "spec.ratio: Invalid value: 1: spec.ratio in body should be less than 1",
            "spec.weight: Invalid value: 0.25: spec.weight in body should be greater than or"
                + " equal to 0.5");
    assertThat(widget("targetRef: {name: app}", "replicas: 101").messages())
        .containsExactly(
            "spec.replicas: Invalid value: 101: spec.replicas in body should be less than or"
                + " equal to 100");
  }

  @Test
  void numbersPrintLikeGo() {
    assertThat(widget("targetRef: {name: app}", "replicas: 2", "weight: 0.00001").messages())
        .containsExactly(
            "spec.weight: Invalid value: 1e-05: spec.weight in body should be greater than or"
                + " equal to 0.5");
  }

  @Test
  void integerAgainstFractionalBoundComparesWithTheBoundTruncated() {
    // kube-openapi's MinimumNativeType compares an int64 with int64(minimum), so 0 passes 0.5.
    assertThat(widget("targetRef: {name: app}", "replicas: 2", "weight: 0").messages()).isEmpty();
  }

  @Test
  void patternAndStringLength() {
    assertThat(
            widget("targetRef: {name: '', kind: deployment}", "replicas: 2", "schedule: '30'")
                .messages())
        .containsExactly(
            "spec.targetRef.kind: Invalid value: \"deployment\": spec.targetRef.kind in body"
                + " should match '^[A-Z][A-Za-z]*$'",
            "spec.targetRef.name: Invalid value: \"\": spec.targetRef.name in body should be at"
                + " least 1 chars long",
            "spec.schedule: Invalid value: \"30\": spec.schedule in body should match"
                + " '^[0-9]+[smh]$'");
    assertThat(widget("targetRef: {name: " + "x".repeat(254) + "}", "replicas: 2").messages())
        .containsExactly(
            "spec.targetRef.name: Too long: may not be more than 253 bytes", RULES_SKIPPED);
  }

  @Test
  void itemAndPropertyCounts() {
    assertThat(
            widget("targetRef: {name: app}", "replicas: 2", "budgets: {latency: []}", "labels: {}")
                .messages())
        .containsExactly(
            "spec.budgets.latency: Invalid value: 0: spec.budgets.latency in body should have at"
                + " least 1 items",
            "spec.labels: Invalid value: 0: spec.labels in body should have at least 1"
                + " properties");
    assertThat(
            widget(
                    "targetRef: {name: app}",
                    "replicas: 2",
                    "budgets:",
                    "  latency:",
                    "  - {name: p90, percentile: 0.9, threshold: 1s}",
                    "  - {name: p95, percentile: 0.95, threshold: 1s}",
                    "  - {name: p99, percentile: 0.99, threshold: 1s}",
                    "  - {name: p50, percentile: 0.5, threshold: 1s}",
                    "labels: {a: b, c: d, e: f, g: h}")
                .messages())
        .containsExactly(
            "spec.budgets.latency: Too many: 4: must have at most 3 items",
            "spec.labels: Too many: 4: must have at most 3 items",
            RULES_SKIPPED);
  }

  @Test
  void mapValuesAreValidatedAgainstAdditionalProperties() {
    assertThat(
            widget(
                    "targetRef: {name: app}",
                    "replicas: 2",
                    "labels: {team: " + "a".repeat(64) + "}")
                .messages())
        .containsExactly(
            "spec.labels.team: Too long: may not be more than 63 bytes", RULES_SKIPPED);
  }

  @Test
  void duplicateKeysInListMapAndDuplicateItemsInSet() {
    assertThat(
            widget(
                    "targetRef: {name: app}",
                    "replicas: 2",
                    "budgets:",
                    "  latency:",
                    "  - {name: p95, percentile: 0.95, threshold: 1s}",
                    "  - {name: p95, percentile: 0.9, threshold: 2s}",
                    "tags: [x, y, x, x]")
                .messages())
        .containsExactly(
            "spec.budgets.latency[1]: Duplicate value: {\"name\":\"p95\"}",
            // Only the second occurrence of a repeated item is reported.
            "spec.tags[2]: Duplicate value: \"x\"");
  }

  @Test
  void unknownFieldsAloneFailTheRequest() {
    ValidationResult result =
        widget(
            "targetRef: {name: app}",
            "replicas: 0",
            "foo: 1",
            "budgets: {latency: [{name: p90, percentile: 0.9, threshold: 1s, extra: x}]}",
            "extra: {free: form}");

    assertThat(result.messages())
        .containsExactly(
            "unknown field \"spec.budgets.latency[0].extra\"", "unknown field \"spec.foo\"");
    assertThat(result.errors())
        .extracting(FieldError::path)
        .containsExactly("spec.budgets.latency[0].extra", "spec.foo");
  }

  @Test
  void unknownFieldsInMetadataAndAtTheRoot() {
    ValidationResult result =
        VALIDATOR.validateYaml(
            "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w, labelz: {}}\n"
                + "spec: {targetRef: {name: app}, replicas: 2}\nstatus: {anything: 1}\nfoo: 1\n");

    assertThat(result.messages())
        .containsExactly("unknown field \"foo\"", "unknown field \"metadata.labelz\"");
  }

  @Test
  void intOrStringAcceptsBothAndRejectsOthers() {
    assertThat(
            widget("targetRef: {name: app}", "replicas: 2", "surge: 2", "maxUnavailable: 10%")
                .messages())
        .isEmpty();
    assertThat(widget("targetRef: {name: app}", "replicas: 2", "surge: true").messages())
        .containsExactly(
            "spec.surge: Invalid value: \"boolean\": spec.surge in body must be of type"
                + " integer,string: \"boolean\"",
            RULES_SKIPPED);
  }

  @Test
  void kindApiVersionAndName() {
    ValidationResult result =
        VALIDATOR.validateYaml(
            "apiVersion: example.com/v2\nkind: Gadget\nmetadata: {name: Bad_Name}\n"
                + "spec: {targetRef: {name: app}, replicas: 2}\n");

    assertThat(result.messages())
        .containsExactly(
            "kind: Invalid value: \"Gadget\": must be Widget",
            "apiVersion: Invalid value: \"example.com/v2\": must be example.com/v1",
            "metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must"
                + " consist of lower case alphanumeric characters, '-' or '.', and must start"
                + " and end with an alphanumeric character (e.g. 'example.com', regex used for"
                + " validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')");
  }

  @Test
  void generateNameBecomesTheNameBeforeValidation() {
    ValidationResult result =
        VALIDATOR.validateYaml(
            "apiVersion: example.com/v1\nkind: Widget\nmetadata: {generateName: w-}\n"
                + "spec: {targetRef: {name: app}, replicas: 2}\n");

    assertThat(result.messages()).isEmpty();
    assertThat(((Map<?, ?>) result.defaulted().get("metadata")).get("name")).isEqualTo("w-bcdfg");
  }

  @Test
  void nameOrGenerateNameIsRequired() {
    assertThat(
            VALIDATOR
                .validateYaml(
                    "apiVersion: example.com/v1\nkind: Widget\nmetadata: {}\n"
                        + "spec: {targetRef: {name: app}, replicas: 2}\n")
                .messages())
        .containsExactly(
            "metadata.name: Required value: name or generateName is required", RULES_SKIPPED);
  }

  @Test
  void nullInAListIsATypeError() {
    assertThat(widget("targetRef: {name: app}", "replicas: 2", "tags: [a, null]").messages())
        .containsExactly(
            "spec.tags[1]: Invalid value: \"null\": spec.tags[1] in body must be of type string:"
                + " \"null\"",
            RULES_SKIPPED);
  }

  @Test
  void loadRejectsUnknownVersionAndNonCrd(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> CrdSchemaValidator.load(CRD, "v9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no version v9");
    Path configMap = Files.writeString(dir.resolve("cm.yaml"), "apiVersion: v1\nkind: ConfigMap\n");
    assertThatThrownBy(() -> CrdSchemaValidator.load(configMap, "v1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not an apiextensions.k8s.io/v1 CRD");
  }
}
