package dev.headroom.signals.promql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A matcher's value can not change a query's meaning: whatever the value, the rendered matcher is
 * one string literal that reads back as exactly the value, followed by what the query had next.
 * (InjectionIT checks the same against the real Prometheus.)
 */
class LiteralsTest {
  private static final List<String> HOSTILE =
      List.of(
          "\"",
          "\\",
          "}",
          "\n",
          "a\"} or vector(1) #",
          "x\\\"} or up{a=\"",
          "\\\\\"",
          "line\nbreak\r\n",
          "tab\there",
          "'`",
          "{{namespace}}",
          "\u0000\u001f\u007f\u0085\u2028",
          "emoji \uD83D\uDE00",
          "lone \uD800 surrogate");

  @Test
  void hostileValuesStayInsideTheirString() {
    for (String value : HOSTILE) {
      assertRoundTrip(value);
    }
  }

  @Property(tries = 2000)
  void anyValueReadsBackExactly(@ForAll("values") String value) {
    assertRoundTrip(value);
  }

  @Provide
  Arbitrary<String> values() {
    return Arbitraries.oneOf(
        Arbitraries.strings().all().ofMaxLength(40),
        Arbitraries.strings().withChars("\"\\}{\n\r\t'`#=~,() ").ofMaxLength(20),
        Arbitraries.of(HOSTILE));
  }

  private static void assertRoundTrip(String value) {
    String query = Matcher.eq("namespace", value).render() + "}";
    assertThat(query).startsWith("namespace=\"").doesNotContain("\n").doesNotContain("\r");
    PromQlUnquote.Result read = PromQlUnquote.read(query, "namespace=".length());
    assertThat(read.value()).isEqualTo(expectedOnTheWire(value));
    assertThat(query.substring(read.end())).as("what follows the string").isEqualTo("}");
  }

  /** Unpaired surrogates have no UTF-8 form; they are sent as U+FFFD. */
  private static String expectedOnTheWire(String value) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        out.append(c).append(value.charAt(++i));
      } else {
        out.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    return out.toString();
  }
}
