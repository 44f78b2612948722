package dev.headroom.api.crd;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.crd.CrdSchemaValidator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each fixture in src/test/resources/invalid-policies/ is one mistake a user could make. Its first
 * line, {@code # expect: ...}, is the exact message kubectl apply prints for it; the CRD must
 * produce that message (it may report other problems of the same object besides).
 */
class InvalidPoliciesTest {
  private static final String EXPECT = "# expect: ";
  private static final CrdSchemaValidator CRD = CrdSchemaValidator.load(Crds.COMMITTED, "v1alpha1");

  static List<Path> fixtures() {
    return PolicyFiles.yamlFiles(PolicyFiles.INVALID);
  }

  @Test
  void thereAreAtLeastTwelveDistinctMistakes() throws IOException {
    List<Path> fixtures = fixtures();
    assertThat(fixtures).hasSizeGreaterThanOrEqualTo(12);
    List<String> expectations =
        fixtures.stream().map(InvalidPoliciesTest::expectedMessage).distinct().toList();
    assertThat(expectations).hasSameSizeAs(fixtures);
  }

  @ParameterizedTest
  @MethodSource("fixtures")
  void isRejectedWithTheMessageAUserShouldSee(Path fixture) {
    var result = CRD.validate(PolicyFiles.read(fixture));
    assertThat(result.valid()).as(fixture + " must be rejected").isFalse();
    assertThat(result.messages()).as(fixture.toString()).contains(expectedMessage(fixture));
    assertThat(result.messages())
        .as("a broken rule in our CRD would show as a compilation or evaluation error")
        .noneMatch(m -> m.contains("compilation failed") || m.contains("internal error"));
  }

  private static String expectedMessage(Path fixture) {
    try {
      String first = Files.readAllLines(fixture).get(0);
      assertThat(first).as(fixture + " starts with " + EXPECT).startsWith(EXPECT);
      return first.substring(EXPECT.length());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
