package dev.headroom.testing.crd;

import static dev.headroom.testing.crd.CrdSchemaValidatorTest.VALIDATOR;
import static dev.headroom.testing.crd.CrdSchemaValidatorTest.widget;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CrdCelRulesTest {

  @Test
  void objectRuleReportsAtItsFieldPath() {
    assertThat(
            widget("targetRef: {name: app}", "replicas: 2", "minReplicas: 5", "maxReplicas: 3")
                .messages())
        .containsExactly(
            "spec.maxReplicas: Invalid value: maxReplicas must be greater than or"
                + " equal to minReplicas");
  }

  @Test
  void reasonForbiddenChangesTheErrorType() {
    assertThat(
            widget("targetRef: {name: app}", "replicas: 2", "mode: 'Off'", "paused: true")
                .messages())
        .containsExactly("spec.paused: Forbidden: paused cannot be set when mode is Off");
  }

  @Test
  void listItemRuleWithMessageExpression() {
    assertThat(
            widget(
                    "targetRef: {name: app}",
                    "replicas: 2",
                    "budgets: {latency: [{name: p50, percentile: 0.9, threshold: 1s}]}")
                .messages())
        .containsExactly(
            "spec.budgets.latency[0].percentile: Invalid value: percentile of p50"
                + " must be 0.5");
  }

  @Test
  void scalarRulesPrintTheirValue() {
    assertThat(
            widget(
                    "targetRef: {name: app}",
                    "replicas: 2",
                    "budgets: {latency: [{name: p90, percentile: 0.9, threshold: 0s}]}",
                    "owner: Team_A",
                    "scale: 7")
                .messages())
        .containsExactly(
            "spec.scale: Invalid value: 7: scale must be at most 5",
            "spec.budgets.latency[0].threshold: Invalid value: \"0s\": threshold must be"
                + " positive",
            "spec.owner: Invalid value: \"Team_A\": owner must be lowercase letters, digits and"
                + " dashes");
  }

  @Test
  void integerInNumberFieldIsADoubleInCel() {
    // self * 2.0 has no int overload; it only evaluates because 3 reaches CEL as 3.0.
    assertThat(widget("targetRef: {name: app}", "replicas: 2", "scale: 3").messages()).isEmpty();
  }

  @Test
  void mapValueRulesUseBracketedKeys() {
    assertThat(widget("targetRef: {name: app}", "replicas: 2", "labels: {team: Shop}").messages())
        .containsExactly(
            "spec.labels[team]: Invalid value: \"Shop\": label values must be lowercase");
  }

  @Test
  void rootRuleIsReportedAgainstNil() {
    assertThat(
            VALIDATOR
                .validateYaml(
                    "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: "
                        + "a".repeat(41)
                        + "}\nspec: {targetRef: {name: app}, replicas: 2}\n")
                .messages())
        .containsExactly("<nil>: Invalid value: name must be at most 40 characters");
  }

  @Test
  void intOrStringRuleSeesIntOrString() {
    assertThat(widget("targetRef: {name: app}", "replicas: 2", "maxUnavailable: 3").messages())
        .isEmpty();
    assertThat(widget("targetRef: {name: app}", "replicas: 2", "maxUnavailable: '3'").messages())
        .containsExactly(
            "spec.maxUnavailable: Invalid value: \"3\": maxUnavailable must be a non-negative"
                + " count or a percentage");
  }

  @Test
  void quantitiesCompareExactly() {
    assertThat(
            widget(
                    "targetRef: {name: app}",
                    "replicas: 2",
                    "resources: {requestCpu: '2', limitCpu: 1500m, memory: 128Gi}")
                .messages())
        .containsExactly(
            "spec.resources.limitCpu: Invalid value: limitCpu must not be less than"
                + " requestCpu",
            "spec.resources: Invalid value: memory must be at most 64Gi");
    assertThat(
            widget(
                    "targetRef: {name: app}",
                    "replicas: 2",
                    "resources: {requestCpu: 1500m, limitCpu: '1.5', memory: 64Gi}")
                .messages())
        .isEmpty();
  }

  @Test
  void badQuantityIsAnEvaluationError() {
    assertThat(
            widget("targetRef: {name: app}", "replicas: 2", "resources: {memory: lots}").messages())
        .containsExactly(
            "spec.resources: Invalid value: \"object\": quantities must match the regular"
                + " expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$' evaluating rule:"
                + " memory must be at most 64Gi",
            "spec.resources.memory: Invalid value: \"lots\": memory must be a quantity");
  }

  @Test
  void durationsParseGoSyntax() {
    assertThat(widget("targetRef: {name: app}", "replicas: 2", "timeout: 1.5s").messages())
        .isEmpty();
    assertThat(widget("targetRef: {name: app}", "replicas: 2", "timeout: 100ms").messages())
        .containsExactly(
            "spec.timeout: Invalid value: \"100ms\": timeout must be at least 200ms and under an"
                + " hour");
    assertThat(widget("targetRef: {name: app}", "replicas: 2", "timeout: 1h").messages())
        .hasSize(1);
  }

  @Test
  void missingOptionalFieldIsNoSuchKey() {
    assertThat(widget("targetRef: {name: app}", "replicas: 2", "window: {start: 3}").messages())
        .containsExactly(
            "spec.window: Invalid value: \"object\": no such key: end evaluating rule:"
                + " self.start < self.end");
    assertThat(
            widget("targetRef: {name: app}", "replicas: 2", "window: {start: 3, end: 2}")
                .messages())
        .containsExactly("spec.window: Invalid value: failed rule: self.start < self.end");
  }

  @Test
  void ruleThatDoesNotCompileIsReportedWhenItsNodeExists() {
    assertThat(widget("targetRef: {name: app}", "replicas: 2", "legacy: {level: 1}").messages())
        .containsExactly(
            "spec.legacy: Invalid value: \"object\": rule compile error: compilation failed:"
                + " ERROR: <input>:1:5: undefined field 'nope'\n"
                + " | self.nope > 1\n"
                + " | ....^");
  }

  @Test
  void ruleCompileErrorsListsBrokenRulesUpFront() {
    assertThat(VALIDATOR.ruleCompileErrors())
        .singleElement()
        .asString()
        .startsWith("spec.legacy: self.nope > 1: compilation failed: ERROR: <input>:1:5:");
  }

  @Test
  void transitionRulesAreSkippedOnCreate() {
    assertThat(widget("targetRef: {name: app}", "replicas: 2", "immutableId: abc").messages())
        .isEmpty();
  }

  @Test
  void optionalOldSelfRulesRunOnCreateWithoutOldSelf() {
    assertThat(widget("targetRef: {name: app}", "replicas: 2", "reservedName: x").messages())
        .isEmpty();
    assertThat(widget("targetRef: {name: app}", "replicas: 2", "reservedName: reserved").messages())
        .containsExactly(
            "spec.reservedName: Invalid value: \"reserved\": reservedName must not be 'reserved'");
  }

  @Test
  void rulesAreSkippedWhenSchemaValidationBlocksThem() {
    assertThat(
            widget("targetRef: {name: app}", "replicas: '2'", "minReplicas: 5", "maxReplicas: 3")
                .messages())
        .containsExactly(
            "spec.replicas: Invalid value: \"string\": spec.replicas in body must be of type"
                + " integer: \"string\"",
            CrdSchemaValidatorTest.RULES_SKIPPED);
  }

  @Test
  void rulesWithoutMessageAreListed() {
    assertThat(VALIDATOR.rulesWithoutMessage())
        .containsExactly("spec.window: self.start < self.end", "spec.legacy: self.nope > 1");
  }
}
