package dev.headroom.signals.promql;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueryTemplateTest {
  private static final TemplateValues SHOP =
      new TemplateValues("shop", "api", "api-[a-z0-9]+-[a-z0-9]{5}", Duration.ofMinutes(5));

  @Test
  void fillsEachPlaceholderInItsContext() {
    QueryTemplate template =
        QueryTemplate.parse(
            "sum(rate(grpc_server_handled_total{namespace=\"{{namespace}}\","
                + " pod=~'{{pod}}', job=`{{target}}`}[{{window}}]))");
    assertThat(template.problems()).isEmpty();
    assertThat(template.placeholders())
        .containsExactlyInAnyOrder(
            Placeholder.NAMESPACE, Placeholder.POD, Placeholder.TARGET, Placeholder.WINDOW);
    assertThat(template.fill(SHOP).query())
        .contains(
            "sum(rate(grpc_server_handled_total{namespace=\"shop\","
                + " pod=~'api-[a-z0-9]+-[a-z0-9]{5}', job=`api`}[5m]))");
  }

  @Test
  void valuesAreEscapedForTheirKindOfQuote() {
    TemplateValues hostile = new TemplateValues("a\"b'c\\d\ne", "t", "p", Duration.ofSeconds(30));
    assertThat(QueryTemplate.parse("x{a=\"{{namespace}}\"}").fill(hostile).query())
        .contains("x{a=\"a\\\"b'c\\\\d\\ne\"}");
    assertThat(QueryTemplate.parse("x{a='{{namespace}}'}").fill(hostile).query())
        .contains("x{a='a\"b\\'c\\\\d\\ne'}");
    var raw =
        QueryTemplate.parse("x{a=`{{namespace}}`}")
            .fill(new TemplateValues("a`b", "t", "p", Duration.ofSeconds(30)));
    assertThat(raw.query()).isEmpty();
    assertThat(raw.problems()).singleElement().asString().contains("backtick");
  }

  @Test
  void unknownPlaceholdersAreProblems() {
    assertThat(QueryTemplate.parse("up{a=\"{{namspace}}\"}").problems())
        .singleElement()
        .asString()
        .contains("unknown placeholder {{namspace}}", "{{namespace}}, {{target}}");
    assertThat(QueryTemplate.parse("up{a=\"{{namespace\"}").problems())
        .singleElement()
        .asString()
        .contains("does not start a placeholder");
  }

  @Test
  void stringPlaceholdersMustBeQuotedAndTheWindowMustNot() {
    assertThat(QueryTemplate.parse("up{namespace={{namespace}}}").problems())
        .singleElement()
        .asString()
        .contains("must stand inside a quoted string");
    assertThat(QueryTemplate.parse("rate(x[\"{{window}}\"])").problems())
        .singleElement()
        .asString()
        .contains("outside quotes");
  }

  @Test
  void placeholdersInCommentsAreProblemsAndEscapedQuotesDoNotEndStrings() {
    assertThat(QueryTemplate.parse("up # {{namespace}}\n").problems())
        .singleElement()
        .asString()
        .contains("comment");
    QueryTemplate t = QueryTemplate.parse("x{a=\"q\\\"{{target}}\"}");
    assertThat(t.problems()).isEmpty();
    assertThat(t.fill(SHOP).query()).contains("x{a=\"q\\\"api\"}");
    assertThat(QueryTemplate.parse("x{a=\"#\"} + y{b=\"{{target}}\"}").problems()).isEmpty();
  }

  @Test
  void anEmptyTemplateIsAProblemAndNullNeverThrows() {
    assertThat(QueryTemplate.parse("  ").valid()).isFalse();
    assertThat(QueryTemplate.parse(null).valid()).isFalse();
    assertThat(QueryTemplate.parse("up").fill(SHOP).query()).isEqualTo(Optional.of("up"));
  }
}
