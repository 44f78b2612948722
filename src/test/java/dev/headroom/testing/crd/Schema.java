package dev.headroom.testing.crd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One node of a CRD's structural schema, read from {@code openAPIV3Schema}.
 *
 * <p>Instances are compared by identity: the CEL layer keys its types and compiled rules on the
 * node they belong to.
 */
final class Schema {

  final String type;
  final String format;
  final Map<String, Schema> properties = new LinkedHashMap<>();
  final List<String> required = new ArrayList<>();
  final Schema additionalProperties;
  final Boolean additionalPropertiesAllowed;
  final Schema items;
  final boolean preserveUnknownFields;
  final boolean intOrString;
  final boolean embeddedResource;
  final boolean nullable;
  final List<Object> enumValues;
  final String pattern;
  final Double minimum;
  final Double maximum;
  final boolean exclusiveMinimum;
  final boolean exclusiveMaximum;
  final Double multipleOf;
  final Long minLength;
  final Long maxLength;
  final Long minItems;
  final Long maxItems;
  final Long minProperties;
  final Long maxProperties;
  final boolean hasDefault;
  final Object defaultValue;
  final String listType;
  final List<String> listMapKeys = new ArrayList<>();
  final List<ValidationRule> validations = new ArrayList<>();
  final List<Schema> allOf = new ArrayList<>();
  final List<Schema> anyOf = new ArrayList<>();
  final List<Schema> oneOf = new ArrayList<>();
  final Schema not;

  private Pattern compiledPattern;

  private Schema(Map<?, ?> raw) {
    type = string(raw.get("type"));
    format = string(raw.get("format"));
    if (raw.get("properties") instanceof Map<?, ?> props) {
      props.forEach((name, sub) -> properties.put(name.toString(), parse(sub)));
    }
    if (raw.get("required") instanceof List<?> names) {
      names.forEach(n -> required.add(n.toString()));
    }
    Object additional = raw.get("additionalProperties");
    additionalProperties = additional instanceof Map ? parse(additional) : null;
    additionalPropertiesAllowed = additional instanceof Boolean b ? b : null;
    items = raw.get("items") instanceof Map<?, ?> m ? parse(m) : null;
    preserveUnknownFields = Boolean.TRUE.equals(raw.get("x-kubernetes-preserve-unknown-fields"));
    intOrString = Boolean.TRUE.equals(raw.get("x-kubernetes-int-or-string"));
    embeddedResource = Boolean.TRUE.equals(raw.get("x-kubernetes-embedded-resource"));
    nullable = Boolean.TRUE.equals(raw.get("nullable"));
    enumValues =
        raw.get("enum") instanceof List<?> values
            ? values.stream().map(JsonValues::normalize).toList()
            : null;
    pattern = raw.containsKey("pattern") ? string(raw.get("pattern")) : null;
    minimum = number(raw.get("minimum"));
    maximum = number(raw.get("maximum"));
    exclusiveMinimum = Boolean.TRUE.equals(raw.get("exclusiveMinimum"));
    exclusiveMaximum = Boolean.TRUE.equals(raw.get("exclusiveMaximum"));
    multipleOf = number(raw.get("multipleOf"));
    minLength = count(raw.get("minLength"));
    maxLength = count(raw.get("maxLength"));
    minItems = count(raw.get("minItems"));
    maxItems = count(raw.get("maxItems"));
    minProperties = count(raw.get("minProperties"));
    maxProperties = count(raw.get("maxProperties"));
    hasDefault = raw.containsKey("default") && raw.get("default") != null;
    defaultValue = JsonValues.normalize(raw.get("default"));
    listType = string(raw.get("x-kubernetes-list-type"));
    if (raw.get("x-kubernetes-list-map-keys") instanceof List<?> keys) {
      keys.forEach(k -> listMapKeys.add(k.toString()));
    }
    if (raw.get("x-kubernetes-validations") instanceof List<?> rules) {
      rules.forEach(r -> validations.add(ValidationRule.parse((Map<?, ?>) r)));
    }
    subSchemas(raw.get("allOf"), allOf);
    subSchemas(raw.get("anyOf"), anyOf);
    subSchemas(raw.get("oneOf"), oneOf);
    not = raw.get("not") instanceof Map<?, ?> m ? parse(m) : null;
  }

  static Schema parse(Object raw) {
    if (!(raw instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException("schema node is not an object: " + raw);
    }
    return new Schema(map);
  }

  /** The types kube-openapi checks against; int-or-string means {@code integer,string}. */
  List<String> types() {
    if (intOrString) {
      return List.of("integer", "string");
    }
    return type.isEmpty() ? List.of() : List.of(type);
  }

  /** The type name CEL errors print as the bad value ({@code structural.Type}). */
  String structuralType() {
    return type;
  }

  Optional<Pattern> compiledPattern() {
    if (pattern == null) {
      return Optional.empty();
    }
    if (compiledPattern == null) {
      try {
        compiledPattern = Pattern.compile(pattern);
      } catch (PatternSyntaxException e) {
        throw new IllegalStateException("CRD pattern does not compile: " + pattern, e);
      }
    }
    return Optional.of(compiledPattern);
  }

  /** A default applies to the child; a non-nullable null counts as absent. */
  boolean isNonNullableNull(Object value) {
    return value == null && !nullable;
  }

  private static void subSchemas(Object raw, List<Schema> into) {
    if (raw instanceof List<?> list) {
      list.forEach(s -> into.add(parse(s)));
    }
  }

  private static String string(Object value) {
    return value == null ? "" : value.toString();
  }

  private static Double number(Object value) {
    return value instanceof Number n ? n.doubleValue() : null;
  }

  private static Long count(Object value) {
    return value instanceof Number n ? n.longValue() : null;
  }
}
