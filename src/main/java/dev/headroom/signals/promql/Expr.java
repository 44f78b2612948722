package dev.headroom.signals.promql;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A PromQL expression as a tree. {@link #render()} writes it out; every user-given value sits in a
 * {@link Matcher} or a {@link Str}, which escape it, and every name is a validated {@link
 * MetricName} or {@link LabelName}. Binary operands and aggregated expressions are always
 * parenthesised, so no precedence rule can regroup them.
 */
public sealed interface Expr {
  String render();

  /** An instant vector selector: {@code metric{label="value", …}}. */
  record Selector(MetricName metric, List<Matcher> matchers) implements Expr {
    public Selector {
      Objects.requireNonNull(metric, "metric");
      matchers = List.copyOf(matchers);
    }

    @Override
    public String render() {
      return metric.value()
          + "{"
          + matchers.stream().map(Matcher::render).collect(Collectors.joining(", "))
          + "}";
    }
  }

  /** A range vector selector: {@code selector[range]}. */
  record Range(Selector selector, PromDuration range) implements Expr {
    public Range {
      Objects.requireNonNull(selector, "selector");
      Objects.requireNonNull(range, "range");
    }

    @Override
    public String render() {
      return selector.render() + "[" + range.render() + "]";
    }
  }

  /** A subquery: {@code (expr)[range:step]}. */
  record Subquery(Expr expr, PromDuration range, PromDuration step) implements Expr {
    public Subquery {
      Objects.requireNonNull(expr, "expr");
      Objects.requireNonNull(range, "range");
      Objects.requireNonNull(step, "step");
    }

    @Override
    public String render() {
      return "(" + expr.render() + ")[" + range.render() + ":" + step.render() + "]";
    }
  }

  /** A number literal. */
  record Num(double value) implements Expr {
    @Override
    public String render() {
      return Literals.number(value);
    }
  }

  /** A string literal (a function argument), escaped. */
  record Str(String value) implements Expr {
    public Str {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public String render() {
      return Literals.quote(value);
    }
  }

  /** A call of one of the functions Headroom uses. */
  record Call(Function function, List<Expr> args) implements Expr {
    public Call {
      Objects.requireNonNull(function, "function");
      args = List.copyOf(args);
    }

    @Override
    public String render() {
      return function.promql()
          + "("
          + args.stream().map(Expr::render).collect(Collectors.joining(", "))
          + ")";
    }
  }

  /** An aggregation over labels: {@code sum by (namespace, le) (expr)}; no labels: over all. */
  record Aggregation(Aggregator op, List<LabelName> by, Expr expr) implements Expr {
    public Aggregation {
      Objects.requireNonNull(op, "op");
      by = List.copyOf(by);
      Objects.requireNonNull(expr, "expr");
    }

    @Override
    public String render() {
      String grouping =
          by.isEmpty()
              ? ""
              : " by (" + by.stream().map(LabelName::value).collect(Collectors.joining(", ")) + ")";
      return op.promql() + grouping + " (" + expr.render() + ")";
    }
  }

  /** A binary operation, operands parenthesised; vectors match on all their labels. */
  record Binary(Expr left, Operator op, Expr right) implements Expr {
    public Binary {
      Objects.requireNonNull(left, "left");
      Objects.requireNonNull(op, "op");
      Objects.requireNonNull(right, "right");
    }

    @Override
    public String render() {
      return "(" + left.render() + ") " + op.promql() + " (" + right.render() + ")";
    }
  }

  /** The functions Headroom's queries use. */
  enum Function {
    RATE("rate"),
    HISTOGRAM_QUANTILE("histogram_quantile"),
    LABEL_REPLACE("label_replace"),
    QUANTILE_OVER_TIME("quantile_over_time"),
    MAX_OVER_TIME("max_over_time"),
    TIMESTAMP("timestamp");

    private final String promql;

    Function(String promql) {
      this.promql = promql;
    }

    public String promql() {
      return promql;
    }
  }

  /** Aggregation operators. */
  enum Aggregator {
    SUM("sum"),
    AVG("avg"),
    MAX("max"),
    COUNT("count");

    private final String promql;

    Aggregator(String promql) {
      this.promql = promql;
    }

    public String promql() {
      return promql;
    }
  }

  /** Binary operators. */
  enum Operator {
    DIV("/"),
    MUL("*"),
    OR("or");

    private final String promql;

    Operator(String promql) {
      this.promql = promql;
    }

    public String promql() {
      return promql;
    }
  }
}
