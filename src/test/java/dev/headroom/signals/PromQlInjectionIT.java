package dev.headroom.signals;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.signals.promql.Expr;
import dev.headroom.signals.promql.LabelName;
import dev.headroom.signals.promql.MatchOp;
import dev.headroom.signals.promql.Matcher;
import dev.headroom.signals.promql.MetricName;
import dev.headroom.signals.promql.PromQl;
import dev.headroom.signals.promql.QueryTemplate;
import dev.headroom.signals.promql.Re2;
import dev.headroom.signals.promql.TemplateValues;
import dev.headroom.testing.env.Poll;
import dev.headroom.testing.env.TestEnvironment;
import dev.headroom.testing.prometheus.MetricsEndpoint;
import dev.headroom.testing.prometheus.PrometheusServer;
import dev.headroom.testing.prometheus.RealPrometheus;
import dev.headroom.testing.prometheus.ScrapeTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Label values with quotes, backslashes, braces and newlines can not change a query's meaning, as
 * the real Prometheus reads it: a matcher built from such a value selects exactly the series with
 * that value, and a value written to break out of its string selects nothing (it is only a value no
 * series has). promtool parses every query as well.
 */
@RealPrometheus
class PromQlInjectionIT {
  private static final MetricName PROBE = MetricName.of("headroom_injection_probe");

  /** Served as label values: each must be matched exactly. */
  private static final List<String> SERVED =
      List.of(
          "plain",
          "quote\"inside",
          "back\\slash",
          "brace}close",
          "{open",
          "new\nline",
          "single'quote",
          "back`tick",
          "a\"} or headroom_injection_probe{case=\"decoy\"} #",
          "x\\\"} or vector(1) or {\\\"",
          "emoji \uD83D\uDE00 and ünïcode",
          "comma, equals=~ and # hash");

  /** Never served: attempts to escape; each must match nothing (and be no error). */
  private static final List<String> ATTACKS =
      List.of(
          "\"} or headroom_injection_probe{case=\"decoy\"",
          "\"} or vector(1) #",
          "\\\"} or vector(1) #",
          "\n} or vector(1)\n",
          "decoy\" or case=\"decoy",
          "'} or vector(1) or {'",
          "\u0000\u0007\u001b[0m");

  private static MetricsEndpoint endpoint;
  private static ScrapeTarget target;
  @TempDir static Path dir;

  @BeforeAll
  static void serve(PrometheusServer prometheus) {
    Exposition exposition = new Exposition();
    for (int i = 0; i < SERVED.size(); i++) {
      Map<String, String> labels = new LinkedHashMap<>();
      labels.put("case", "c" + i);
      labels.put("value", SERVED.get(i));
      exposition.gauge(PROBE.value(), labels, i);
    }
    exposition.gauge(PROBE.value(), Map.of("case", "decoy", "value", "decoy"), 999);
    String text = exposition.text();
    endpoint = MetricsEndpoint.serve(() -> text);
    target = prometheus.scrape("signal-injection", endpoint.uri());
    Poll.until(
        Duration.ofSeconds(60),
        "the probe series",
        () ->
            prometheus.query("count(" + PROBE.value() + ")").stream()
                .anyMatch(s -> s.value() == SERVED.size() + 1));
  }

  @AfterAll
  static void stop() {
    if (target != null) {
      target.close();
      endpoint.close();
    }
  }

  private static QueryOutcome ask(PrometheusServer prometheus, String promql) {
    return new PrometheusClient(
            SignalSettings.defaults(), new SplittableRandom(1), d -> {}, InstantSource.system())
        .query(EndpointConfig.of(prometheus.baseUrl().toString()), promql, Instant.now())
        .outcome();
  }

  private static String probe(Matcher matcher) {
    return PromQl.selector(PROBE, List.of(matcher)).render();
  }

  @Test
  void aServedValueSelectsExactlyItsSeriesByEqualityAndByQuotedRegex(PrometheusServer prometheus) {
    SoftAssertions softly = new SoftAssertions();
    for (int i = 0; i < SERVED.size(); i++) {
      String value = SERVED.get(i);
      for (Matcher matcher :
          List.of(
              Matcher.eq("value", value),
              new Matcher(LabelName.of("value"), MatchOp.RE, Re2.quote(value)))) {
        QueryOutcome outcome = ask(prometheus, probe(matcher));
        softly.assertThat(outcome).as(matcher.render()).isInstanceOf(QueryOutcome.Success.class);
        if (outcome instanceof QueryOutcome.Success success) {
          softly.assertThat(success.series()).as(matcher.render()).hasSize(1);
          if (success.series().size() == 1) {
            softly.assertThat(success.series().get(0).labels().get("value")).isEqualTo(value);
            softly.assertThat(success.series().get(0).value()).isEqualTo(i);
          }
        }
      }
    }
    softly.assertAll();
  }

  @Test
  void aValueWrittenToBreakOutSelectsNothing(PrometheusServer prometheus) {
    SoftAssertions softly = new SoftAssertions();
    for (String attack : ATTACKS) {
      for (Matcher matcher :
          List.of(
              Matcher.eq("value", attack),
              new Matcher(LabelName.of("value"), MatchOp.RE, Re2.quote(attack)))) {
        QueryOutcome outcome = ask(prometheus, probe(matcher));
        softly.assertThat(outcome).as(matcher.render()).isInstanceOf(QueryOutcome.Success.class);
        if (outcome instanceof QueryOutcome.Success success) {
          softly.assertThat(success.series()).as(matcher.render()).isEmpty();
        }
      }
    }
    softly.assertAll();
  }

  @Test
  void templatePlaceholdersFilledWithHostileValuesStayValues(PrometheusServer prometheus) {
    SoftAssertions softly = new SoftAssertions();
    for (String quote : List.of("\"", "'")) {
      QueryTemplate template =
          QueryTemplate.parse(
              "sum(" + PROBE.value() + "{value=" + quote + "{{namespace}}" + quote + "})");
      for (int i = 0; i < SERVED.size(); i++) {
        var filled =
            template.fill(new TemplateValues(SERVED.get(i), "t", "p", Duration.ofMinutes(1)));
        QueryOutcome outcome = ask(prometheus, filled.query().orElseThrow());
        softly
            .assertThat(outcome)
            .as(filled.query().get())
            .isInstanceOf(QueryOutcome.Success.class);
        if (outcome instanceof QueryOutcome.Success success) {
          softly.assertThat(success.series()).as(filled.query().get()).hasSize(1);
          softly.assertThat(success.series().get(0).value()).isEqualTo(i);
        }
      }
    }
    softly.assertAll();
  }

  @Test
  void promtoolParsesEveryQuery() throws Exception {
    Path promtool =
        TestEnvironment.locate()
            .binary("promtool")
            .orElseThrow(() -> new IllegalStateException("promtool is missing from the test env"));
    List<Map<String, String>> rules = new ArrayList<>();
    List<String> values = new ArrayList<>(SERVED);
    values.addAll(ATTACKS);
    int n = 0;
    for (String value : values) {
      Expr expr =
          PromQl.sum(
              List.of(LabelName.of("case")),
              PromQl.selector(
                  PROBE,
                  List.of(
                      Matcher.eq("value", value),
                      new Matcher(LabelName.of("case"), MatchOp.NRE, Re2.quote(value)))));
      rules.add(Map.of("record", "headroom:injection:" + n++, "expr", expr.render()));
    }
    Path file = dir.resolve("rules.yml");
    // JSON is YAML, and Jackson writes each query as one escaped JSON string.
    Files.writeString(
        file,
        new ObjectMapper()
            .writeValueAsString(
                Map.of("groups", List.of(Map.of("name", "injection", "rules", rules)))));
    Process process =
        new ProcessBuilder(promtool.toString(), "check", "rules", file.toString())
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes());
    assertThat(process.waitFor()).as(output).isZero();
    assertThat(output).contains("SUCCESS: " + values.size() + " rules found");
  }
}
