package dev.headroom.signals.promql;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A user's PromQL template with {@code {{namespace}}}, {@code {{target}}}, {@code {{pod}}} and
 * {@code {{window}}} placeholders, read the way PromQL's lexer reads it: the text is split into
 * code, string literals ({@code "…"}, {@code '…'}, {@code `…`}) and comments, so each placeholder
 * is known to stand in a string (where its value is escaped for that kind of quote) or in code
 * (where only {@code {{window}}}, a validated duration, may stand). A template is never changed in
 * any other way; whether the rest is valid PromQL is Prometheus' call.
 */
public final class QueryTemplate {
  private final String text;
  private final List<Segment> segments;
  private final List<String> problems;

  private QueryTemplate(String text, List<Segment> segments, List<String> problems) {
    this.text = text;
    this.segments = List.copyOf(segments);
    this.problems = List.copyOf(problems);
  }

  /** One piece of a template: literal text, or a placeholder inside a context. */
  private sealed interface Segment {}

  private record Text(String text) implements Segment {}

  /**
   * @param quote the string's quote character, or 0 in code
   */
  private record Slot(Placeholder placeholder, char quote) implements Segment {}

  /** Reads a template; the problems, if any, are in {@link #problems()}. Never throws. */
  public static QueryTemplate parse(String text) {
    return new Reader(text == null ? "" : text).read();
  }

  public String text() {
    return text;
  }

  /** Why the template can not be used, each as a sentence; empty when it can. */
  public List<String> problems() {
    return problems;
  }

  public boolean valid() {
    return problems.isEmpty();
  }

  /** The placeholders the template uses. */
  public Set<Placeholder> placeholders() {
    Set<Placeholder> used = EnumSet.noneOf(Placeholder.class);
    for (Segment s : segments) {
      if (s instanceof Slot slot) {
        used.add(slot.placeholder());
      }
    }
    return used;
  }

  /**
   * The query with every placeholder filled, or empty with the reason in {@code problems} when the
   * template has problems or a value can not stand where its placeholder is (a backtick in a {@code
   * `…`} string, which has no escapes).
   */
  public Filled fill(TemplateValues values) {
    if (!valid()) {
      return new Filled(Optional.empty(), problems);
    }
    StringBuilder out = new StringBuilder(text.length() + 64);
    for (Segment segment : segments) {
      if (segment instanceof Text t) {
        out.append(t.text());
      } else if (segment instanceof Slot slot) {
        String value = values.valueOf(slot.placeholder());
        if (slot.quote() == 0) {
          out.append(value);
        } else if (slot.quote() == '`') {
          if (value.indexOf('`') >= 0) {
            return new Filled(
                Optional.empty(),
                List.of(
                    slot.placeholder().token()
                        + " stands in a `…` string, which can not hold its value (a backtick);"
                        + " use \"…\" quotes"));
          }
          out.append(value);
        } else {
          Literals.appendEscaped(out, value, slot.quote());
        }
      }
    }
    return new Filled(Optional.of(out.toString()), List.of());
  }

  /**
   * A filled template.
   *
   * @param query the query, when it could be filled
   * @param problems why it could not, else empty
   */
  public record Filled(Optional<String> query, List<String> problems) {
    public Filled {
      problems = List.copyOf(problems);
    }
  }

  @Override
  public String toString() {
    return text;
  }

  /** A lexer for just enough of PromQL: strings, comments, placeholders. */
  private static final class Reader {
    private final String text;
    private final List<Segment> segments = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final StringBuilder pending = new StringBuilder();
    private int i;

    Reader(String text) {
      this.text = text;
    }

    QueryTemplate read() {
      if (text.isBlank()) {
        problems.add("the query is empty");
      }
      char quote = 0;
      boolean comment = false;
      while (i < text.length()) {
        char c = text.charAt(i);
        if (text.startsWith("{{", i)) {
          placeholder(quote, comment);
          continue;
        }
        pending.append(c);
        i++;
        if (comment) {
          comment = c != '\n';
        } else if (quote == 0) {
          if (c == '"' || c == '\'' || c == '`') {
            quote = c;
          } else if (c == '#') {
            comment = true;
          }
        } else if (c == '\\' && quote != '`' && i < text.length()) {
          pending.append(text.charAt(i++));
        } else if (c == quote) {
          quote = 0;
        }
      }
      flush();
      return new QueryTemplate(text, segments, problems);
    }

    private void placeholder(char quote, boolean comment) {
      int end = text.indexOf("}}", i + 2);
      String name = end < 0 ? null : text.substring(i + 2, end);
      Optional<Placeholder> known = name == null ? Optional.empty() : Placeholder.named(name);
      if (known.isEmpty()) {
        problems.add(
            (end < 0
                    ? "'{{' at offset " + i + " does not start a placeholder"
                    : "unknown placeholder {{" + name + "}}")
                + "; the known ones are {{namespace}}, {{target}}, {{pod}} and {{window}}");
        pending.append("{{");
        i += 2;
        return;
      }
      Placeholder p = known.get();
      if (comment) {
        problems.add(p.token() + " stands in a comment, where it would not be filled");
      } else if (p.quoted() && quote == 0) {
        problems.add(
            p.token()
                + " must stand inside a quoted string, e.g. "
                + (p == Placeholder.POD ? "pod=~\"" : "namespace=\"")
                + p.token()
                + "\"");
      } else if (!p.quoted() && quote != 0) {
        problems.add(
            p.token() + " is a duration: write it outside quotes, e.g. [" + p.token() + "]");
      }
      flush();
      segments.add(new Slot(p, quote));
      i = end + 2;
    }

    private void flush() {
      if (pending.length() > 0) {
        segments.add(new Text(pending.toString()));
        pending.setLength(0);
      }
    }
  }
}
