package dev.headroom.signals.promql;

import static dev.headroom.signals.promql.PromQl.div;
import static dev.headroom.signals.promql.PromQl.histogramQuantile;
import static dev.headroom.signals.promql.PromQl.labelReplace;
import static dev.headroom.signals.promql.PromQl.num;
import static dev.headroom.signals.promql.PromQl.quantileOverTime;
import static dev.headroom.signals.promql.PromQl.range;
import static dev.headroom.signals.promql.PromQl.rate;
import static dev.headroom.signals.promql.PromQl.selector;
import static dev.headroom.signals.promql.PromQl.subquery;
import static dev.headroom.signals.promql.PromQl.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromQlTest {
  private static final MetricName BUCKET = MetricName.of("http_server_requests_seconds_bucket");

  @Test
  void rendersAQuantileOverGroupedBucketRates() {
    var buckets =
        sum(
            List.of(LabelName.of("le")),
            rate(
                range(
                    selector(
                        BUCKET,
                        List.of(Matcher.eq("namespace", "shop"), Matcher.re("pod", "api-.+"))),
                    Duration.ofMinutes(5))));
    assertThat(histogramQuantile(0.95, buckets).render())
        .isEqualTo(
            "histogram_quantile(0.95, sum by (le) (rate(http_server_requests_seconds_bucket"
                + "{namespace=\"shop\", pod=~\"api-.+\"}[5m])))");
  }

  @Test
  void binaryOperandsAreAlwaysParenthesised() {
    var a = selector(MetricName.of("a"), List.of());
    var b = selector(MetricName.of("b"), List.of());
    assertThat(div(a, div(b, num(1000))).render()).isEqualTo("(a{}) / ((b{}) / (1000))");
  }

  @Test
  void aggregationWithoutLabelsIsOverEverything() {
    assertThat(sum(List.of(), selector(MetricName.of("x"), List.of())).render())
        .isEqualTo("sum (x{})");
  }

  @Test
  void subqueriesAndLabelReplace() {
    var cpu =
        rate(
            range(
                selector(MetricName.of("container_cpu_usage_seconds_total"), List.of()),
                Duration.ofMinutes(5)));
    assertThat(
            quantileOverTime(0.95, subquery(cpu, Duration.ofHours(1), Duration.ofMinutes(1)))
                .render())
        .isEqualTo(
            "quantile_over_time(0.95, (rate(container_cpu_usage_seconds_total{}[5m]))[1h:1m])");
    assertThat(
            labelReplace(
                    cpu, LabelName.of("headroom_target"), "$1", LabelName.of("pod"), "(.+)-[a-z]+")
                .render())
        .endsWith(", \"headroom_target\", \"$1\", \"pod\", \"(.+)-[a-z]+\")");
  }

  @Test
  void durationsUseTheLargestWholeUnit() {
    assertThat(PromDuration.of(Duration.ofMinutes(5)).render()).isEqualTo("5m");
    assertThat(PromDuration.of(Duration.ofSeconds(90)).render()).isEqualTo("90s");
    assertThat(PromDuration.of(Duration.ofHours(24)).render()).isEqualTo("24h");
    assertThat(PromDuration.of(Duration.ofMillis(1500)).render()).isEqualTo("1500ms");
    assertThatThrownBy(() -> PromDuration.of(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PromDuration.of(Duration.ofNanos(1500)))
        .hasMessageContaining("millisecond");
  }

  @Test
  void numbersHaveNoExponent() {
    assertThat(Literals.number(0.95)).isEqualTo("0.95");
    assertThat(Literals.number(1000)).isEqualTo("1000");
    assertThat(Literals.number(1e-7)).isEqualTo("0.0000001");
    assertThatThrownBy(() -> Literals.number(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesAreValidatedWhenMade() {
    assertThat(MetricName.of("a:b_c1").value()).isEqualTo("a:b_c1");
    for (String bad : new String[] {"", "1a", "a-b", "a{b}", "a\"", "a b", "a\n"}) {
      assertThatThrownBy(() -> MetricName.of(bad)).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> LabelName.of(bad)).isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> LabelName.of("a:b")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void re2QuotingMakesLiteralsOfMetacharacters() {
    assertThat(Re2.quote("a.b*c(d)|e[f]{g}^$\\+?"))
        .isEqualTo("a\\.b\\*c\\(d\\)\\|e\\[f\\]\\{g\\}\\^\\$\\\\\\+\\?");
    assertThat(Re2.anyOf(List.of("shop", "a.b"))).isEqualTo("shop|a\\.b");
  }
}
