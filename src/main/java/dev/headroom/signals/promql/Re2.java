package dev.headroom.signals.promql;

import java.util.Collection;
import java.util.stream.Collectors;

/** RE2 (Prometheus' regular expressions) built from literal text. */
public final class Re2 {
  private static final String SPECIAL = "\\.+*?()|[]{}^$";

  private Re2() {}

  /** A regular expression that matches exactly {@code literal}. */
  public static String quote(String literal) {
    StringBuilder out = new StringBuilder(literal.length() + 8);
    for (int i = 0; i < literal.length(); i++) {
      char c = literal.charAt(i);
      if (SPECIAL.indexOf(c) >= 0) {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /** A regular expression matching exactly one of {@code literals}, in their iteration order. */
  public static String anyOf(Collection<String> literals) {
    if (literals.isEmpty()) {
      throw new IllegalArgumentException("at least one alternative");
    }
    return literals.stream().map(Re2::quote).collect(Collectors.joining("|"));
  }
}
