package dev.headroom.testing.crd;

import java.util.ArrayList;
import java.util.List;

/**
 * A rule's {@code fieldPath} ({@code .spec.max}, {@code ['a.b']}) checked against the schema and
 * turned into the path suffix the apiserver appends to the rule's own path.
 */
final class RuleFieldPath {

  private RuleFieldPath() {}

  /**
   * The normalized path, e.g. {@code max} or {@code [key]}.
   *
   * @throws IllegalArgumentException with the apiserver's reason when the path is not valid
   */
  static String normalize(String jsonPath, Schema schema) {
    List<String> tokens = tokenize(jsonPath);
    FieldPath path = FieldPath.ROOT;
    Schema current = schema;
    for (int i = 0; i < tokens.size(); i++) {
      String token = tokens.get(i);
      String name;
      if (token.equals(".")) {
        if (++i >= tokens.size()) {
          throw new IllegalArgumentException("unexpected end of JSON path");
        }
        name = tokens.get(i);
      } else if (token.equals("[")) {
        if (i + 2 >= tokens.size()) {
          throw new IllegalArgumentException("unexpected end of JSON path");
        }
        String quoted = tokens.get(++i);
        if (quoted.length() < 2 || !quoted.startsWith("'") || !quoted.endsWith("'")) {
          throw new IllegalArgumentException("expected single quoted string but got " + quoted);
        }
        name = quoted.substring(1, quoted.length() - 1).replace("\\'", "'").replace("\\\\", "\\");
        if (!tokens.get(++i).equals("]")) {
          throw new IllegalArgumentException("expected ] but got " + tokens.get(i));
        }
      } else {
        throw new IllegalArgumentException("expected [ or . but got: " + token);
      }
      if (!current.properties.isEmpty()) {
        current = current.properties.get(name);
        if (current == null) {
          throw new IllegalArgumentException("does not refer to a valid field");
        }
        path = path.child(name);
      } else if (current.additionalProperties != null) {
        current = current.additionalProperties;
        path = path.key(name);
      } else {
        throw new IllegalArgumentException("does not refer to a valid field");
      }
    }
    return path.value();
  }

  private static List<String> tokenize(String path) {
    List<String> tokens = new ArrayList<>();
    int i = 0;
    while (i < path.length()) {
      char c = path.charAt(i);
      if (c == '.' || c == '[' || c == ']') {
        tokens.add(String.valueOf(c));
        i++;
      } else if (c == '\'') {
        int end = i + 1;
        while (end < path.length() && !(path.charAt(end) == '\'' && path.charAt(end - 1) != '\\')) {
          end++;
        }
        tokens.add(path.substring(i, Math.min(end + 1, path.length())));
        i = end + 1;
      } else {
        int end = i;
        while (end < path.length() && ".[]".indexOf(path.charAt(end)) < 0) {
          end++;
        }
        tokens.add(path.substring(i, end));
        i = end;
      }
    }
    return tokens;
  }
}
