package dev.headroom.testing.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CrdGoFormatTest {

  @ParameterizedTest
  @CsvSource({
    "1.0, 1",
    "100.0, 100",
    "123456.0, 123456",
    "1000000.0, 1e+06",
    "1234567.0, 1.234567e+06",
    "0.95, 0.95",
    "1.5, 1.5",
    "0.0001, 0.0001",
    "0.00001, 1e-05",
    "-2.5, -2.5",
    "1e21, 1e+21",
  })
  void floatsPrintLikeGoPercentV(double value, String expected) {
    assertThat(GoFormat.floatV(value)).isEqualTo(expected);
  }

  @Test
  void stringsQuoteLikeStrconvQuote() {
    assertThat(GoFormat.quote("a\"b\\c\n\t")).isEqualTo("\"a\\\"b\\\\c\\n\\t\"");
    assertThat(GoFormat.quote("\u0001é")).isEqualTo("\"\\x01é\"");
    assertThat(GoFormat.quote("\u00a0")).isEqualTo("\"\\u00a0\"");
  }

  @Test
  void compoundValuesPrintAsJsonWithSortedKeys() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("z", 1L);
    map.put("a", List.of(0.5, "<x>", true));
    assertThat(GoFormat.value(map)).isEqualTo("{\"a\":[0.5,\"\\u003cx\\u003e\",true],\"z\":1}");
    assertThat(GoFormat.json(1e21)).isEqualTo("1e+21");
    assertThat(GoFormat.json(1e-7)).isEqualTo("1e-7");
    assertThat(GoFormat.json(1000000.0)).isEqualTo("1000000");
  }

  @Test
  void scalarsPrintLikeFieldErrors() {
    assertThat(GoFormat.value(null)).isEqualTo("null");
    assertThat(GoFormat.value(5L)).isEqualTo("5");
    assertThat(GoFormat.value(2.0)).isEqualTo("2");
    assertThat(GoFormat.value("x")).isEqualTo("\"x\"");
  }
}
