package dev.headroom.signals.promql;

/**
 * The test's own reading of a PromQL string literal, following Prometheus' lexer (lexEscape) and
 * Go's strconv.Unquote: what Prometheus would take the literal's value to be, and where it ends.
 */
final class PromQlUnquote {
  private PromQlUnquote() {}

  /**
   * @return the value of the string literal starting at {@code text[start]} (a quote), and the
   *     index just past it
   * @throws IllegalArgumentException when the literal is unterminated or malformed
   */
  static Result read(String text, int start) {
    char quote = text.charAt(start);
    StringBuilder value = new StringBuilder();
    int i = start + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == quote) {
        return new Result(value.toString(), i + 1);
      }
      if (c == '\n') {
        throw new IllegalArgumentException("unterminated string (newline)");
      }
      if (c != '\\') {
        value.append(c);
        i++;
        continue;
      }
      char e = text.charAt(i + 1);
      i += 2;
      switch (e) {
        case 'a' -> value.append('\u0007');
        case 'b' -> value.append('\b');
        case 'f' -> value.append('\f');
        case 'n' -> value.append('\n');
        case 'r' -> value.append('\r');
        case 't' -> value.append('\t');
        case 'v' -> value.append('\u000b');
        case '\\' -> value.append('\\');
        case 'u' -> {
          value.append((char) Integer.parseInt(text.substring(i, i + 4), 16));
          i += 4;
        }
        default -> {
          if (e == quote) {
            value.append(e);
          } else {
            throw new IllegalArgumentException("unknown escape \\" + e);
          }
        }
      }
    }
    throw new IllegalArgumentException("unterminated string");
  }

  record Result(String value, int end) {}
}
