package dev.headroom.testing.crd;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How property names appear in CEL (k8s.io/apiserver/pkg/cel/escaping.go): reserved words become
 * {@code __word__}, and {@code __ . - /} are spelled out. Names that cannot be escaped are not
 * visible to rules at all.
 */
final class CelNames {

  private static final Set<String> RESERVED =
      Set.of(
          "true",
          "false",
          "null",
          "in",
          "as",
          "break",
          "const",
          "continue",
          "else",
          "for",
          "function",
          "if",
          "import",
          "let",
          "loop",
          "package",
          "namespace",
          "return",
          "var",
          "void",
          "while");
  private static final Pattern EXPAND = Pattern.compile("(__|[-./]|[^a-zA-Z0-9\\-./_])");

  private CelNames() {}

  static Optional<String> escape(String name) {
    if (name.isEmpty() || Character.isDigit(name.charAt(0))) {
      return Optional.empty();
    }
    if (RESERVED.contains(name)) {
      return Optional.of("__" + name + "__");
    }
    StringBuilder out = new StringBuilder();
    Matcher m = EXPAND.matcher(name);
    while (m.find()) {
      String replacement =
          switch (m.group()) {
            case "__" -> "__underscores__";
            case "." -> "__dot__";
            case "-" -> "__dash__";
            case "/" -> "__slash__";
            default -> null;
          };
      if (replacement == null) {
        return Optional.empty();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return Optional.of(out.toString());
  }
}
