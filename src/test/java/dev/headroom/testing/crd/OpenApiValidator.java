package dev.headroom.testing.crd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Value validation as kube-openapi's {@code SchemaValidator} does it for custom resources, with its
 * errors converted the way apiextensions-apiserver's {@code kubeOpenAPIResultToFieldErrors} does.
 *
 * <p>Per node, checks run in kube-openapi's order (type, allOf/anyOf/oneOf/not, string, number,
 * array, enum, object), and each check only applies to values of its kind, so one node can collect
 * several errors. Errors that kube-openapi raises as plain errors, not validation errors, are
 * reported against the nil root path, exactly as the apiserver does.
 */
final class OpenApiValidator {

  /** String formats the apiserver keeps; any other format is stripped from the schema. */
  private static final Set<String> SUPPORTED_FORMATS =
      Set.of(
          "bsonobjectid",
          "uri",
          "email",
          "hostname",
          "ipv4",
          "ipv6",
          "cidr",
          "mac",
          "uuid",
          "uuid3",
          "uuid4",
          "uuid5",
          "isbn",
          "isbn10",
          "isbn13",
          "creditcard",
          "ssn",
          "hexcolor",
          "rgbcolor",
          "byte",
          "password",
          "date",
          "duration",
          "datetime");

  private final List<Violation> out = new ArrayList<>();

  private OpenApiValidator() {}

  static List<Violation> validate(Map<String, Object> object, Schema root) {
    OpenApiValidator validator = new OpenApiValidator();
    validator.node(object, root, "");
    return validator.out;
  }

  private void node(Object value, Schema schema, String path) {
    if (value == null) {
      if (!schema.types().isEmpty() && !schema.nullable) {
        typeError(path, String.join(",", schema.types()), "null");
      }
      enumeration(value, schema, path);
      return;
    }
    type(value, schema, path);
    combinators(value, schema, path);
    if (value instanceof String s) {
      string(s, schema, path);
    }
    if (value instanceof Long || value instanceof Double) {
      number(value, schema, path);
    }
    if (value instanceof List<?> list) {
      array(list, schema, path);
    }
    enumeration(value, schema, path);
    if (value instanceof Map<?, ?> map) {
      object(map, schema, path);
    }
  }

  private void type(Object value, Schema schema, String path) {
    List<String> types = schema.types();
    String format = SUPPORTED_FORMATS.contains(schema.format.replace("-", "")) ? schema.format : "";
    if (types.isEmpty() && format.isEmpty()) {
      return;
    }
    String actual = JsonValues.typeName(value);
    boolean floatInt =
        value instanceof Double d && JsonValues.isIntegral(d) && types.contains("integer");
    boolean intFloat = value instanceof Long && types.contains("number");
    boolean matches = types.contains(actual) || floatInt || intFloat;
    boolean stringOrList = value instanceof String || value instanceof List;
    if (!stringOrList && !format.isEmpty() && !matches) {
      // kube-openapi names the format, not the type, when a formatted field gets a non-string.
      typeError(path, format, goFormatOf(value));
      return;
    }
    boolean numeric = types.contains("number") || types.contains("integer");
    if (!numeric && !format.isEmpty() && stringOrList) {
      return;
    }
    if (!matches) {
      typeError(path, String.join(",", types), actual);
    }
  }

  private void combinators(Object value, Schema schema, String path) {
    for (Schema sub : schema.allOf) {
      node(value, sub, path);
    }
    if (!schema.anyOf.isEmpty()) {
      List<Violation> best = null;
      for (Schema sub : schema.anyOf) {
        List<Violation> attempt = trial(value, sub, path);
        if (attempt.isEmpty()) {
          best = null;
          break;
        }
        if (best == null || attempt.size() < best.size()) {
          best = attempt;
        }
      }
      if (best != null) {
        plainError(path + " must validate at least one schema (anyOf)");
        out.addAll(best);
      }
    }
    if (!schema.oneOf.isEmpty()) {
      int passed = 0;
      List<Violation> best = null;
      for (Schema sub : schema.oneOf) {
        List<Violation> attempt = trial(value, sub, path);
        if (attempt.isEmpty()) {
          passed++;
        } else if (best == null || attempt.size() < best.size()) {
          best = attempt;
        }
      }
      if (passed != 1) {
        plainError(path + " must validate one and only one schema (oneOf)");
        if (passed == 0) {
          out.addAll(best);
        }
      }
    }
    if (schema.not != null && trial(value, schema.not, path).isEmpty()) {
      plainError(path + " must not validate the schema (not)");
    }
  }

  private List<Violation> trial(Object value, Schema schema, String path) {
    OpenApiValidator inner = new OpenApiValidator();
    inner.node(value, schema, path);
    return inner.out;
  }

  private void string(String value, Schema schema, String path) {
    long length = value.codePointCount(0, value.length());
    if (schema.maxLength != null && length > schema.maxLength) {
      out.add(Violation.tooLong(fieldPath(path), schema.maxLength));
    } else if (schema.minLength != null && length < schema.minLength) {
      invalid(path, value, "should be at least " + schema.minLength + " chars long");
    } else if (schema.compiledPattern().filter(p -> !p.matcher(value).find()).isPresent()) {
      invalid(path, value, "should match '" + schema.pattern + "'");
    }
  }

  /**
   * Integers are compared against the bound truncated to int64 and printed as integers; floats are
   * compared as floats and the bound printed with Go's {@code %v}.
   */
  private void number(Object value, Schema schema, String path) {
    double d = ((Number) value).doubleValue();
    if (schema.multipleOf != null) {
      double factor = schema.multipleOf;
      boolean ok =
          value instanceof Long l && factor >= 1
              ? l % (long) factor == 0
              : JsonValues.isIntegral(factor < 1 ? 1 / factor * d : d / factor);
      if (!ok) {
        invalid(path, value, "should be a multiple of " + bound(value, factor));
      }
    }
    if (schema.minimum != null) {
      int c = compareToBound(value, schema.minimum);
      if (schema.exclusiveMinimum ? c <= 0 : c < 0) {
        String relation = schema.exclusiveMinimum ? "greater than " : "greater than or equal to ";
        invalid(path, value, "should be " + relation + bound(value, schema.minimum));
      }
    }
    if (schema.maximum != null) {
      int c = compareToBound(value, schema.maximum);
      if (schema.exclusiveMaximum ? c >= 0 : c > 0) {
        String relation = schema.exclusiveMaximum ? "less than " : "less than or equal to ";
        invalid(path, value, "should be " + relation + bound(value, schema.maximum));
      }
    }
  }

  /** Integers meet the bound truncated to int64, as kube-openapi's *NativeType checks do. */
  private static int compareToBound(Object value, double bound) {
    if (value instanceof Long l) {
      return Long.compare(l, (long) bound);
    }
    double d = (Double) value;
    return d < bound ? -1 : (d > bound ? 1 : 0);
  }

  private void array(List<?> list, Schema schema, String path) {
    if (schema.items != null) {
      for (int i = 0; i < list.size(); i++) {
        node(list.get(i), schema.items, path + "[" + i + "]");
      }
    }
    if (schema.minItems != null && list.size() < schema.minItems) {
      invalid(path, (long) list.size(), "should have at least " + schema.minItems + " items");
    }
    if (schema.maxItems != null && list.size() > schema.maxItems) {
      out.add(Violation.tooMany(fieldPath(path), list.size(), schema.maxItems));
    }
  }

  private void enumeration(Object value, Schema schema, String path) {
    if (schema.enumValues == null || schema.enumValues.isEmpty()) {
      return;
    }
    if (schema.enumValues.stream().anyMatch(allowed -> JsonValues.jsonEquals(value, allowed))) {
      return;
    }
    List<String> supported =
        schema.enumValues.stream().map(v -> v instanceof String s ? s : GoFormat.json(v)).toList();
    out.add(Violation.notSupported(fieldPath(path), value, supported));
  }

  private void object(Map<?, ?> map, Schema schema, String path) {
    long keys = map.size();
    if (schema.minProperties != null && keys < schema.minProperties) {
      invalid(path, keys, "should have at least " + schema.minProperties + " properties");
      return;
    }
    if (schema.maxProperties != null && keys > schema.maxProperties) {
      out.add(Violation.tooMany(fieldPath(path), keys, schema.maxProperties));
      return;
    }
    if (schema.additionalProperties != null) {
      map.forEach(
          (k, v) -> {
            if (!schema.properties.containsKey(k.toString())) {
              node(v, schema.additionalProperties, path + "." + k);
            }
          });
    }
    schema.properties.forEach(
        (name, property) -> {
          if (map.containsKey(name)) {
            node(map.get(name), property, path.isEmpty() ? name : path + "." + name);
          }
        });
    for (String name : schema.required) {
      if (!map.containsKey(name)) {
        out.add(Violation.required(fieldPath(path + "." + name), ""));
      }
    }
  }

  private void typeError(String path, String expected, String actual) {
    out.add(
        Violation.typeInvalid(
            fieldPath(path),
            actual,
            path + " in body must be of type " + expected + ": " + GoFormat.quote(actual)));
  }

  private void invalid(String path, Object value, String detail) {
    out.add(Violation.invalid(fieldPath(path), value, path + " in body " + detail));
  }

  /** kube-openapi's non-validation errors lose their path and value on the way out. */
  private void plainError(String message) {
    out.add(Violation.invalid(FieldPath.ROOT, "", message));
  }

  private static String bound(Object value, double bound) {
    return value instanceof Long ? Long.toString((long) bound) : GoFormat.floatV(bound);
  }

  private static String goFormatOf(Object value) {
    if (value instanceof Long) {
      return "int64";
    }
    if (value instanceof Double) {
      return "float64";
    }
    return "";
  }

  /** kube-openapi paths are dotted strings with a leading dot at the root. */
  private static FieldPath fieldPath(String path) {
    return new FieldPath(path.startsWith(".") ? path.substring(1) : path);
  }
}
