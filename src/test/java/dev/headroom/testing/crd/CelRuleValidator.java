package dev.headroom.testing.crd;

import dev.cel.bundle.Cel;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.OptionalType;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Evaluates {@code x-kubernetes-validations} the way apiextensions-apiserver's CEL validator does:
 * pre-order over the object, every rule of a node with {@code self} bound to that node's value,
 * transition rules ({@code oldSelf}) skipped because only creates are validated. Compiled rules are
 * cached per schema node and rule.
 */
final class CelRuleValidator {

  private static final Pattern OLD_SELF = Pattern.compile("\\boldSelf\\b");
  private static final int MAX_MESSAGE_LENGTH = 5 * 1024;

  private final Schema root;
  private final CelTypes types;
  private final Map<EnvironmentKey, Cel> environments = new ConcurrentHashMap<>();
  private final Map<RuleKey, CompiledRule> compiled = new ConcurrentHashMap<>();

  CelRuleValidator(Schema root) {
    this.root = root;
    this.types = new CelTypes(root);
  }

  List<Violation> validate(Map<String, Object> object) {
    List<Violation> out = new ArrayList<>();
    walk(FieldPath.ROOT, root, object, true, out);
    return out;
  }

  /** Every rule of the CRD, compiled, so a broken CRD fails fast even without a matching object. */
  List<String> compileErrors() {
    List<String> errors = new ArrayList<>();
    collectCompileErrors(root, "", errors);
    return errors;
  }

  private void collectCompileErrors(Schema schema, String path, List<String> out) {
    for (ValidationRule rule : schema.validations) {
      CompiledRule c = compiledRule(schema, rule);
      if (c.error() != null) {
        out.add((path.isEmpty() ? "<root>" : path) + ": " + rule.rule() + ": " + c.error());
      }
    }
    schema.properties.forEach(
        (name, sub) -> collectCompileErrors(sub, path.isEmpty() ? name : path + "." + name, out));
    if (schema.items != null) {
      collectCompileErrors(schema.items, path + "[*]", out);
    }
    if (schema.additionalProperties != null) {
      collectCompileErrors(schema.additionalProperties, path + "[*]", out);
    }
  }

  private void walk(
      FieldPath path, Schema schema, Object value, boolean isRoot, List<Violation> out) {
    // Rules never see null: a rule that cares about a nullable field belongs on its parent.
    if (value == null) {
      return;
    }
    evaluate(path, schema, value, isRoot, out);
    if (value instanceof List<?> list && schema.items != null) {
      for (int i = 0; i < list.size(); i++) {
        walk(path.index(i), schema.items, list.get(i), false, out);
      }
    } else if (value instanceof Map<?, ?> map) {
      if (schema.additionalProperties != null) {
        map.forEach(
            (k, v) -> walk(path.key(k.toString()), schema.additionalProperties, v, false, out));
      }
      schema.properties.forEach(
          (name, property) -> {
            if (map.containsKey(name)) {
              walk(path.child(name), property, map.get(name), false, out);
            }
          });
    }
  }

  private void evaluate(
      FieldPath path, Schema schema, Object value, boolean isRoot, List<Violation> out) {
    if (schema.validations.isEmpty()) {
      return;
    }
    Map<String, Object> variables = new HashMap<>();
    variables.put("self", CelValues.toCel(value, schema, isRoot));
    variables.put("oldSelf", Optional.empty());
    String type = schema.structuralType();
    for (ValidationRule rule : schema.validations) {
      CompiledRule c = compiledRule(schema, rule);
      if (c.error() != null) {
        out.add(Violation.invalid(path, type, "rule compile error: " + c.error()));
        continue;
      }
      if (c.program() == null || (c.usesOldSelf() && !rule.optionalOldSelf())) {
        continue;
      }
      Object result;
      try {
        result = c.program().eval(variables);
      } catch (CelEvaluationException e) {
        out.add(evaluationError(path, type, rule, e));
        continue;
      }
      if (Boolean.TRUE.equals(result)) {
        continue;
      }
      FieldPath target = c.fieldPath().isEmpty() ? path : path.child(c.fieldPath());
      out.add(failure(target, type, value, message(c, rule, variables), rule.reason()));
    }
  }

  /**
   * A rule that evaluated to false, as Kubernetes 1.35+ reports it (kubernetes/kubernetes#132798
   * and #133832, checked against a real 1.36 apiextensions-apiserver): a scalar's own value, no
   * value at all for an object or array. Older servers showed the type name ({@code Invalid value:
   * "object": ...}) instead. Compilation and evaluation errors still show the type.
   */
  private static Violation failure(
      FieldPath path, String type, Object value, String detail, String reason) {
    boolean omitValue = "object".equals(type) || "array".equals(type);
    return switch (reason) {
      case "FieldValueForbidden" -> Violation.forbidden(path, detail);
      case "FieldValueRequired" -> Violation.required(path, detail);
      case "FieldValueDuplicate" ->
          omitValue ? Violation.duplicateWithoutValue(path) : Violation.duplicate(path, value);
      default ->
          omitValue
              ? Violation.invalidWithoutValue(path, detail)
              : Violation.invalid(path, value, detail);
    };
  }

  private static Violation evaluationError(
      FieldPath path, String type, ValidationRule rule, CelEvaluationException e) {
    String error = CelErrorText.of(e);
    if (error.startsWith("no such overload")) {
      return Violation.invalid(
          path,
          type,
          "'"
              + error
              + "': call arguments did not match a supported operator, function or macro"
              + " signature for rule: "
              + rule.errorString());
    }
    return Violation.invalid(path, type, error + " evaluating rule: " + rule.errorString());
  }

  /** A failing messageExpression falls back to the static message, as the apiserver does. */
  private static String message(
      CompiledRule c, ValidationRule rule, Map<String, Object> variables) {
    if (c.messageProgram() != null) {
      try {
        if (c.messageProgram().eval(variables) instanceof String s) {
          String trimmed = s.trim();
          if (!trimmed.isEmpty()
              && !trimmed.contains("\n")
              && trimmed.length() <= MAX_MESSAGE_LENGTH) {
            return trimmed;
          }
        }
      } catch (CelEvaluationException e) {
        // The apiserver only logs this.
      }
    }
    return rule.messageOrDefault();
  }

  private CompiledRule compiledRule(Schema schema, ValidationRule rule) {
    return compiled.computeIfAbsent(new RuleKey(schema, rule), k -> compile(schema, rule));
  }

  private CompiledRule compile(Schema schema, ValidationRule rule) {
    if (rule.rule().isBlank()) {
      return CompiledRule.empty();
    }
    Cel cel =
        environments.computeIfAbsent(
            new EnvironmentKey(schema, rule.optionalOldSelf()),
            k -> {
              CelType self = types.typeOf(schema);
              return KubeCelEnvironment.create(
                  types, self, rule.optionalOldSelf() ? OptionalType.create(self) : self);
            });
    try {
      CelRuntime.Program program = program(cel, rule.rule(), SimpleType.BOOL, "");
      CelRuntime.Program messageProgram =
          rule.messageExpression().isEmpty()
              ? null
              : program(cel, rule.messageExpression(), SimpleType.STRING, "messageExpression ");
      String fieldPath = rule.fieldPath().isEmpty() ? "" : fieldPath(rule.fieldPath(), schema);
      return new CompiledRule(
          program, messageProgram, fieldPath, OLD_SELF.matcher(rule.rule()).find(), null);
    } catch (RuleCompileException e) {
      return CompiledRule.failed(e.getMessage());
    }
  }

  private static CelRuntime.Program program(
      Cel cel, String expression, CelType expected, String what) {
    CelValidationResult result = cel.compile(expression);
    if (result.hasError()) {
      throw new RuleCompileException(what + "compilation failed: " + result.getErrorString());
    }
    try {
      CelAbstractSyntaxTree ast = result.getAst();
      if (!ast.getResultType().equals(expected)) {
        throw new RuleCompileException(
            (what.isEmpty() ? "cel expression" : what.trim())
                + " must evaluate to a "
                + expected.name());
      }
      return cel.createProgram(ast);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new RuleCompileException(what + "compilation failed: " + e.getMessage());
    }
  }

  private static String fieldPath(String fieldPath, Schema schema) {
    try {
      return RuleFieldPath.normalize(fieldPath, schema);
    } catch (IllegalArgumentException e) {
      throw new RuleCompileException("fieldPath must be a valid path: " + e.getMessage());
    }
  }

  /** Schema nodes compare by identity, so equal rules on different nodes stay apart. */
  private record RuleKey(Schema schema, ValidationRule rule) {}

  private record EnvironmentKey(Schema schema, boolean optionalOldSelf) {}

  private record CompiledRule(
      CelRuntime.Program program,
      CelRuntime.Program messageProgram,
      String fieldPath,
      boolean usesOldSelf,
      String error) {

    static CompiledRule empty() {
      return new CompiledRule(null, null, "", false, null);
    }

    static CompiledRule failed(String error) {
      return new CompiledRule(null, null, "", false, error);
    }
  }

  private static final class RuleCompileException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RuleCompileException(String message) {
      super(message);
    }
  }
}
