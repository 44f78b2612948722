package dev.headroom.signals.promql;

import dev.headroom.signals.promql.Expr.Aggregation;
import dev.headroom.signals.promql.Expr.Aggregator;
import dev.headroom.signals.promql.Expr.Binary;
import dev.headroom.signals.promql.Expr.Call;
import dev.headroom.signals.promql.Expr.Function;
import dev.headroom.signals.promql.Expr.Num;
import dev.headroom.signals.promql.Expr.Operator;
import dev.headroom.signals.promql.Expr.Range;
import dev.headroom.signals.promql.Expr.Selector;
import dev.headroom.signals.promql.Expr.Str;
import dev.headroom.signals.promql.Expr.Subquery;
import java.time.Duration;
import java.util.List;

/** Short constructors for {@link Expr}, so queries read like PromQL. */
public final class PromQl {
  private PromQl() {}

  public static Selector selector(MetricName metric, List<Matcher> matchers) {
    return new Selector(metric, matchers);
  }

  public static Range range(Selector selector, Duration range) {
    return new Range(selector, PromDuration.of(range));
  }

  public static Subquery subquery(Expr expr, Duration range, Duration step) {
    return new Subquery(expr, PromDuration.of(range), PromDuration.of(step));
  }

  public static Call rate(Range range) {
    return new Call(Function.RATE, List.of(range));
  }

  public static Call histogramQuantile(double quantile, Expr buckets) {
    return new Call(Function.HISTOGRAM_QUANTILE, List.of(new Num(quantile), buckets));
  }

  public static Call quantileOverTime(double quantile, Subquery subquery) {
    return new Call(Function.QUANTILE_OVER_TIME, List.of(new Num(quantile), subquery));
  }

  public static Call maxOverTime(Expr rangeVector) {
    return new Call(Function.MAX_OVER_TIME, List.of(rangeVector));
  }

  public static Call timestamp(Expr vector) {
    return new Call(Function.TIMESTAMP, List.of(vector));
  }

  /**
   * {@code label_replace(vector, destination, replacement, source, regex)}: sets {@code
   * destination} from what {@code regex} (fully anchored) captures of {@code source}.
   */
  public static Call labelReplace(
      Expr vector, LabelName destination, String replacement, LabelName source, String regex) {
    return new Call(
        Function.LABEL_REPLACE,
        List.of(
            vector,
            new Str(destination.value()),
            new Str(replacement),
            new Str(source.value()),
            new Str(regex)));
  }

  public static Aggregation aggregate(Aggregator op, List<LabelName> by, Expr expr) {
    return new Aggregation(op, by, expr);
  }

  public static Aggregation sum(List<LabelName> by, Expr expr) {
    return new Aggregation(Aggregator.SUM, by, expr);
  }

  public static Binary div(Expr left, Expr right) {
    return new Binary(left, Operator.DIV, right);
  }

  public static Binary mul(Expr left, Expr right) {
    return new Binary(left, Operator.MUL, right);
  }

  public static Binary or(Expr left, Expr right) {
    return new Binary(left, Operator.OR, right);
  }

  public static Num num(double value) {
    return new Num(value);
  }
}
