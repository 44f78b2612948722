package dev.headroom.testing.crd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * What the custom-resource strategy checks before the schema: {@code kind} and {@code apiVersion}
 * match the CRD, and {@code metadata} has a valid name (or a generateName).
 */
final class ObjectRootChecks {

  private static final String DNS1123_SUBDOMAIN =
      "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
  private static final Pattern DNS1123_SUBDOMAIN_PATTERN = Pattern.compile(DNS1123_SUBDOMAIN);
  private static final String DNS1123_SUBDOMAIN_MESSAGE =
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or"
          + " '.', and must start and end with an alphanumeric character (e.g. 'example.com',"
          + " regex used for validation is '"
          + DNS1123_SUBDOMAIN
          + "')";

  /**
   * The suffix that stands in for the apiserver's five random characters, fixed so tests are
   * repeatable.
   */
  static final String GENERATED_SUFFIX = "bcdfg";

  private ObjectRootChecks() {}

  /**
   * Gives an object with only {@code generateName} its name, as the apiserver does before
   * validating, so rules that read {@code self.metadata.name} see one.
   */
  @SuppressWarnings("unchecked")
  static void generateName(Map<String, Object> object) {
    if (object.get("metadata") instanceof Map<?, ?> raw) {
      Map<String, Object> metadata = (Map<String, Object>) raw;
      Object name = metadata.get("name");
      if ((name == null || "".equals(name))
          && metadata.get("generateName") instanceof String base
          && !base.isEmpty()) {
        String prefix = base.length() > 58 ? base.substring(0, 58) : base;
        metadata.put("name", prefix + GENERATED_SUFFIX);
      }
    }
  }

  static List<Violation> check(Map<String, Object> object, String apiVersion, String kind) {
    List<Violation> out = new ArrayList<>();
    Object actualKind = object.getOrDefault("kind", "");
    if (!kind.equals(actualKind)) {
      out.add(Violation.invalid(FieldPath.ROOT.child("kind"), actualKind, "must be " + kind));
    }
    Object actualVersion = object.getOrDefault("apiVersion", "");
    if (!apiVersion.equals(actualVersion)) {
      out.add(
          Violation.invalid(
              FieldPath.ROOT.child("apiVersion"), actualVersion, "must be " + apiVersion));
    }
    Map<?, ?> metadata = object.get("metadata") instanceof Map<?, ?> m ? m : Map.of();
    String name = metadata.get("name") instanceof String s ? s : "";
    String generateName = metadata.get("generateName") instanceof String s ? s : "";
    FieldPath meta = FieldPath.ROOT.child("metadata");
    if (name.isEmpty() && generateName.isEmpty()) {
      out.add(Violation.required(meta.child("name"), "name or generateName is required"));
    }
    if (!name.isEmpty()) {
      subdomainErrors(name).forEach(m -> out.add(Violation.invalid(meta.child("name"), name, m)));
    }
    if (!generateName.isEmpty()) {
      // A generated name gets a suffix, so a trailing dash is fine.
      String masked =
          generateName.endsWith("-")
              ? generateName.substring(0, generateName.length() - 1) + "a"
              : generateName;
      subdomainErrors(masked)
          .forEach(m -> out.add(Violation.invalid(meta.child("generateName"), generateName, m)));
    }
    return out;
  }

  private static List<String> subdomainErrors(String value) {
    List<String> errors = new ArrayList<>();
    if (value.length() > 253) {
      errors.add("must be no more than 253 characters");
    }
    if (!DNS1123_SUBDOMAIN_PATTERN.matcher(value).matches()) {
      errors.add(DNS1123_SUBDOMAIN_MESSAGE);
    }
    return errors;
  }
}
