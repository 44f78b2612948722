package dev.headroom.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.crd.CrdSchemaValidator;
import org.junit.jupiter.api.Test;

/** The CRD's CEL rules compile against its own schema, and each tells the user what is wrong. */
class CrdRulesTest {
  private final CrdSchemaValidator crd = CrdSchemaValidator.load(Crds.COMMITTED, "v1alpha1");

  @Test
  void everyRuleCompiles() {
    assertThat(crd.ruleCompileErrors()).isEmpty();
  }

  @Test
  void everyRuleHasAMessage() {
    assertThat(crd.rulesWithoutMessage()).isEmpty();
  }
}
