package dev.headroom.testing.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cel.bundle.Cel;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CrdQuantityTest {

  private static final Cel CEL =
      KubeCelEnvironment.create(
          new CelTypes(Schema.parse(Map.of("type", "object"))), SimpleType.DYN, SimpleType.DYN);

  private static Object eval(String expression) throws Exception {
    return CEL.createProgram(CEL.compile(expression).getAst()).eval(Map.of("self", Map.of()));
  }

  @Test
  void parsesSuffixesAndExponents() {
    assertThat(KubeQuantity.parse("512Mi").value()).isEqualByComparingTo("536870912");
    assertThat(KubeQuantity.parse("1500m").value()).isEqualByComparingTo("1.5");
    assertThat(KubeQuantity.parse("2k").value()).isEqualByComparingTo("2000");
    assertThat(KubeQuantity.parse("1e3").value()).isEqualByComparingTo("1000");
    assertThat(KubeQuantity.parse("1.5E-3").value()).isEqualByComparingTo("0.0015");
    assertThat(KubeQuantity.parse("-.5").value()).isEqualByComparingTo("-0.5");
    assertThat(KubeQuantity.parse("100n").value()).isEqualByComparingTo("0.0000001");
    assertThat(KubeQuantity.parse("+3u").value()).isEqualByComparingTo("0.000003");
  }

  @Test
  void roundsUpBeyondNanoPrecision() {
    assertThat(KubeQuantity.parse("0.1n").value()).isEqualByComparingTo(new BigDecimal("1e-9"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "1 Gi", "1..5", "1Gb", "1KiB"})
  void rejectsMalformedQuantities(String text) {
    assertThat(KubeQuantity.tryParse(text)).isEmpty();
    assertThat(KubeQuantity.parseError(text)).isEqualTo(KubeQuantity.FORMAT_ERROR);
  }

  @ParameterizedTest
  @ValueSource(strings = {"5mi", "1e", "--1", "1Gi2"})
  void rejectsUnknownSuffixes(String text) {
    assertThat(KubeQuantity.parseError(text)).isEqualTo(KubeQuantity.SUFFIX_ERROR);
  }

  @Test
  void bareSuffixIsZeroAsInApimachinery() {
    // parseQuantityString turns an empty numerator into "0".
    assertThat(KubeQuantity.parse("Gi").sign()).isZero();
  }

  @Test
  void equalityIsNumeric() {
    assertThat(KubeQuantity.parse("1")).isEqualTo(KubeQuantity.parse("1000m"));
    assertThat(KubeQuantity.parse("1").hashCode())
        .isEqualTo(KubeQuantity.parse("1000m").hashCode());
    assertThat(KubeQuantity.parse("1Ki")).isNotEqualTo(KubeQuantity.parse("1k"));
  }

  @Test
  void integerConversion() {
    assertThat(KubeQuantity.parse("2k").isInteger()).isTrue();
    assertThat(KubeQuantity.parse("1500m").isInteger()).isFalse();
    assertThat(KubeQuantity.parse("10E").isInteger()).isFalse();
    assertThatThrownBy(() -> KubeQuantity.parse("1500m").asInteger())
        .hasMessage("cannot convert value to integer");
  }

  @Test
  void celComparisons() throws Exception {
    assertThat(eval("quantity('512Mi').isLessThan(quantity('1Gi'))")).isEqualTo(true);
    assertThat(eval("quantity('1500m').isLessThan(quantity('2'))")).isEqualTo(true);
    assertThat(eval("quantity('2').isGreaterThan(quantity('1500m'))")).isEqualTo(true);
    assertThat(eval("quantity('2').compareTo(quantity('2000m'))")).isEqualTo(0L);
    assertThat(eval("quantity('1').compareTo(quantity('2'))")).isEqualTo(-1L);
    assertThat(eval("quantity('1') == quantity('1000m')")).isEqualTo(true);
  }

  @Test
  void celMembers() throws Exception {
    assertThat(eval("quantity('1Gi').asApproximateFloat()")).isEqualTo(1073741824.0);
    assertThat(eval("quantity('-1').sign()")).isEqualTo(-1L);
    assertThat(eval("quantity('1.5').isInteger()")).isEqualTo(false);
    assertThat(eval("quantity('2k').asInteger()")).isEqualTo(2000L);
    assertThat(eval("quantity('1').add(quantity('500m')) == quantity('1.5')")).isEqualTo(true);
    assertThat(eval("quantity('1').add(2) == quantity('3')")).isEqualTo(true);
    assertThat(eval("quantity('1').sub(quantity('1500m')).sign()")).isEqualTo(-1L);
    assertThat(eval("isQuantity('1Gi') && !isQuantity('1Gb')")).isEqualTo(true);
  }

  @Test
  void celQuantityErrorsUseKubernetesText() {
    assertThatThrownBy(() -> eval("quantity('lots').sign() == 1"))
        .isInstanceOf(CelEvaluationException.class)
        .hasMessageContaining(KubeQuantity.FORMAT_ERROR);
    assertThatThrownBy(() -> eval("quantity('1.5').asInteger() == 1"))
        .hasMessageContaining("cannot convert value to integer");
  }

  @Test
  void durationsAndStringExtensionsAreAvailable() throws Exception {
    assertThat(eval("duration('200ms') < duration('1s')")).isEqualTo(true);
    assertThat(eval("duration('1.5s') > duration('1s') && duration('5m') == duration('300s')"))
        .isEqualTo(true);
    assertThat(eval("'a-b-c'.replace('-', '_')")).isEqualTo("a_b_c");
    assertThat(eval("'Hello'.lowerAscii() + 'x,y'.split(',')[1]")).isEqualTo("helloy");
    assertThat(eval("'hello'.indexOf('l')")).isEqualTo(2L);
  }
}
