package dev.headroom.signals.promql;

import java.util.Objects;

/**
 * One label matcher, e.g. {@code namespace="shop"}. The value is any text: it is escaped when
 * rendered, so it can only ever be the matcher's value. For {@link MatchOp#RE} and {@link
 * MatchOp#NRE} it is an RE2 expression, fully anchored by Prometheus.
 */
public record Matcher(LabelName label, MatchOp op, String value) {
  public Matcher {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(op, "op");
    Objects.requireNonNull(value, "value");
  }

  public static Matcher eq(String label, String value) {
    return new Matcher(LabelName.of(label), MatchOp.EQ, value);
  }

  public static Matcher ne(String label, String value) {
    return new Matcher(LabelName.of(label), MatchOp.NE, value);
  }

  public static Matcher re(String label, String regex) {
    return new Matcher(LabelName.of(label), MatchOp.RE, regex);
  }

  public String render() {
    return label.value() + op.symbol() + Literals.quote(value);
  }
}
