package dev.headroom.signals.promql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.random.Gen;
import dev.headroom.testing.random.Seeds;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

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

  static Stream<Long> seeds() {
    return Seeds.of(2000);
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void anyValueReadsBackExactly(long seed) {
    String value = value(new Gen(seed));
    Seeds.check(seed, () -> "value=" + escaped(value), () -> assertRoundTrip(value));
  }

  /** The value in double quotes, with everything but printable ASCII as a Java escape. */
  private static String escaped(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : value.toCharArray()) {
      if (c >= ' ' && c <= '~' && c != '"' && c != '\\') {
        out.append(c);
      } else {
        out.append(String.format("\\u%04x", (int) c));
      }
    }
    return out.append('"').toString();
  }

  /**
   * As likely: any UTF-16 string up to 40 long, a string of PromQL's special characters up to 20
   * long, or a hostile value.
   */
  private static String value(Gen gen) {
    return gen.<Function<Gen, String>>oneOf(
            g -> g.anyString(40), g -> g.string(20, "\"\\}{\n\r\t'`#=~,() "), g -> g.oneOf(HOSTILE))
        .apply(gen);
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
