package dev.headroom.sim.report;

/** Makes arbitrary text (scenario names, descriptions) safe for a terminal line or Markdown. */
final class PlainText {
  private PlainText() {}

  /** Control characters (line breaks, escape sequences) would break a fixed-width layout. */
  static String oneLine(String text) {
    StringBuilder out = new StringBuilder(text.length());
    text.codePoints()
        .forEach(
            codePoint -> out.appendCodePoint(Character.isISOControl(codePoint) ? ' ' : codePoint));
    return out.toString();
  }

  /** One line, with Markdown's inline syntax characters escaped so names render literally. */
  static String markdown(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : oneLine(text).toCharArray()) {
      if ("\\`*_[]<>|#".indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }
}
