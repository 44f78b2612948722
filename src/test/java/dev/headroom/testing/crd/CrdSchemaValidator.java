package dev.headroom.testing.crd;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Validates custom resources against a CRD file the way kube-apiserver does on create, so tests can
 * assert the exact error lines a user would see from {@code kubectl apply}.
 *
 * <p>The pipeline mirrors the apiserver's: decode (null pruning, defaulting, strict unknown-field
 * rejection, which ends the request on its own), then kind/apiVersion/metadata checks, OpenAPI
 * schema validation, list-type invariants, and finally the CEL rules, which are skipped with a
 * placeholder error when schema validation already found a type, required, enum, length or count
 * error.
 *
 * <p>Instances are thread-safe and cache compiled rules; load a CRD once per test class.
 */
public final class CrdSchemaValidator {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private static final String RULES_SKIPPED =
      "some validation rules were not checked because the object was invalid; correct the"
          + " existing errors to complete validation";

  private final String apiVersion;
  private final String kind;
  private final Schema schema;
  private final CelRuleValidator rules;

  private CrdSchemaValidator(String apiVersion, String kind, Schema schema) {
    this.apiVersion = apiVersion;
    this.kind = kind;
    this.schema = schema;
    this.rules = new CelRuleValidator(schema);
  }

  /**
   * Reads an {@code apiextensions.k8s.io/v1} CustomResourceDefinition.
   *
   * @param version the name of one of {@code spec.versions}
   * @throws IllegalArgumentException if the file is not such a CRD or lacks that version's schema
   */
  public static CrdSchemaValidator load(Path crdYaml, String version) {
    Map<String, Object> crd = readYaml(crdYaml);
    if (!"CustomResourceDefinition".equals(crd.get("kind"))
        || !"apiextensions.k8s.io/v1".equals(crd.get("apiVersion"))) {
      throw new IllegalArgumentException(crdYaml + " is not an apiextensions.k8s.io/v1 CRD");
    }
    Map<?, ?> spec = map(crd.get("spec"), "spec");
    String group = String.valueOf(spec.get("group"));
    String kind = String.valueOf(map(spec.get("names"), "spec.names").get("kind"));
    Object versions = spec.get("versions");
    if (versions instanceof List<?> list) {
      for (Object v : list) {
        Map<?, ?> entry = map(v, "spec.versions[]");
        if (version.equals(entry.get("name"))) {
          Object raw = map(entry.get("schema"), "schema").get("openAPIV3Schema");
          return new CrdSchemaValidator(group + "/" + version, kind, Schema.parse(raw));
        }
      }
    }
    throw new IllegalArgumentException(crdYaml + " has no version " + version);
  }

  /** Parses one YAML document into maps, lists and scalars, ready for {@link #validate}. */
  public static Map<String, Object> readYaml(Path file) {
    try {
      return YAML.readValue(Files.readString(file), new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Parses one YAML document given as text. */
  public static Map<String, Object> parseYaml(String yaml) {
    try {
      return YAML.readValue(yaml, new TypeReference<Map<String, Object>>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("cannot parse YAML", e);
    }
  }

  /** What the apiserver would answer to creating {@code object}; the argument is not modified. */
  public ValidationResult validate(Map<String, Object> object) {
    Map<String, Object> decoded = JsonValues.normalizeObject(object);
    Defaulting.apply(decoded, schema);
    List<String> unknown = UnknownFields.find(decoded, schema);
    if (!unknown.isEmpty()) {
      return new ValidationResult(
          decoded, unknown.stream().map(p -> Violation.unknownField(p).error()).toList());
    }
    List<Violation> violations = new ArrayList<>();
    ObjectRootChecks.generateName(decoded);
    violations.addAll(ObjectRootChecks.check(decoded, apiVersion, kind));
    violations.addAll(OpenApiValidator.validate(decoded, schema));
    violations.addAll(ListTypeValidator.validate(decoded, schema));
    if (violations.stream().anyMatch(v -> v.kind().blocksRules())) {
      // The apiserver passes a nil value, which prints as a bare null (checked on a 1.36 server).
      violations.add(Violation.invalid(FieldPath.ROOT, null, RULES_SKIPPED));
    } else {
      violations.addAll(rules.validate(decoded));
    }
    return new ValidationResult(decoded, violations.stream().map(Violation::error).toList());
  }

  /** Parses {@code yaml} and validates it. */
  public ValidationResult validateYaml(String yaml) {
    return validate(parseYaml(yaml));
  }

  /**
   * Compiles every rule in the CRD and lists the ones that fail ({@code path: rule: error}), which
   * the apiserver would refuse when the CRD itself is applied.
   */
  public List<String> ruleCompileErrors() {
    return rules.compileErrors();
  }

  /** Rules without {@code message} or {@code messageExpression}, whose errors show raw CEL. */
  public List<String> rulesWithoutMessage() {
    List<String> found = new ArrayList<>();
    collectRulesWithoutMessage(schema, "", found);
    return found;
  }

  private static void collectRulesWithoutMessage(Schema node, String path, List<String> out) {
    for (ValidationRule rule : node.validations) {
      if (rule.message().isEmpty() && rule.messageExpression().isEmpty()) {
        out.add((path.isEmpty() ? "<root>" : path) + ": " + rule.rule());
      }
    }
    node.properties.forEach(
        (name, sub) ->
            collectRulesWithoutMessage(sub, path.isEmpty() ? name : path + "." + name, out));
    if (node.items != null) {
      collectRulesWithoutMessage(node.items, path + "[*]", out);
    }
    if (node.additionalProperties != null) {
      collectRulesWithoutMessage(node.additionalProperties, path + "[*]", out);
    }
  }

  private static Map<?, ?> map(Object value, String what) {
    if (value instanceof Map<?, ?> m) {
      return m;
    }
    throw new IllegalArgumentException("CRD field " + what + " is missing or not an object");
  }
}
