package dev.headroom.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What kubectl shows of the CRD: explain descriptions, get columns, short names. */
class CrdPresentationTest {
  private final Map<String, Object> crd = Crds.read(Crds.COMMITTED);

  @Test
  void everyFieldHasADescriptionForKubectlExplain() {
    List<String> undescribed = new ArrayList<>();
    Map<String, Object> root = map(map(version(), "schema"), "openAPIV3Schema");
    assertThat((String) root.get("description")).as("the kind's own description").isNotBlank();
    collectUndescribed(root, "", undescribed);
    assertThat(undescribed).as("fields without a description").isEmpty();
  }

  @Test
  void kubectlGetShowsTargetModeReplicasBudgetStatusAndAge() {
    List<Map<String, Object>> columns = list(version(), "additionalPrinterColumns");
    assertThat(columns)
        .extracting(c -> c.get("name"))
        .containsExactly("Target", "Mode", "Replicas", "Budget", "Status", "Age");
    assertThat(columns)
        .extracting(c -> c.get("jsonPath"))
        .containsExactly(
            ".spec.targetRef.name",
            ".spec.mode",
            ".status.replicas",
            ".status.keyBudget",
            ".status.conditions[?(@.type==\"Ready\")].reason",
            ".metadata.creationTimestamp");
  }

  @Test
  void hasShortNamesAStatusSubresourceAndIsNamespaced() {
    Map<String, Object> spec = map(crd, "spec");
    assertThat(map(spec, "names").get("shortNames")).isEqualTo(List.of("perfpolicy", "perfpol"));
    assertThat(spec.get("scope")).isEqualTo("Namespaced");
    assertThat(spec.get("group")).isEqualTo("headroom.dev");
    assertThat(map(version(), "subresources")).containsKey("status");
    assertThat(version().get("name")).isEqualTo("v1alpha1");
  }

  private void collectUndescribed(Map<String, Object> schema, String path, List<String> out) {
    Map<String, Object> properties = map(schema, "properties");
    if (properties != null) {
      properties.forEach(
          (name, child) -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> childSchema = (Map<String, Object>) child;
            String childPath = path + "." + name;
            Object description = childSchema.get("description");
            if (!(description instanceof String text) || text.isBlank()) {
              out.add(childPath);
            }
            collectUndescribed(childSchema, childPath, out);
          });
    }
    Map<String, Object> items = map(schema, "items");
    if (items != null) {
      collectUndescribed(items, path + "[]", out);
    }
    Map<String, Object> values = map(schema, "additionalProperties");
    if (values != null) {
      collectUndescribed(values, path + "{}", out);
    }
  }

  private Map<String, Object> version() {
    List<Map<String, Object>> versions = list(map(crd, "spec"), "versions");
    assertThat(versions).hasSize(1);
    return versions.get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    return parent == null ? null : (Map<String, Object>) parent.get(key);
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> list(Map<String, Object> parent, String key) {
    return (List<Map<String, Object>>) parent.get(key);
  }
}
