package dev.headroom.sim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The reports read simulator results (and the evaluation's, for its page); they must not reach into
 * the engine, API or a cluster.
 */
class PackageDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/headroom/sim/report");
  private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?([\\w.]+)");
  private static final Pattern ALLOWED =
      Pattern.compile(
          "java\\..*|com\\.fasterxml\\.jackson\\..*|dev\\.headroom\\.sim\\.[A-Z]\\w*(\\..*)?"
              + "|dev\\.headroom\\.sim\\.evaluate\\.[A-Z]\\w*(\\..*)?");

  @Test
  void importsOnlyTheSimulatorsContractsTheEvaluationTheJdkAndJackson() throws IOException {
    List<Path> sources;
    try (Stream<Path> files = Files.list(SOURCES)) {
      sources = files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
    }
    assertThat(sources).hasSizeGreaterThan(10);
    for (Path source : sources) {
      Matcher imports = IMPORT.matcher(Files.readString(source));
      while (imports.find()) {
        assertThat(imports.group(1)).as("import in %s", source).matches(ALLOWED);
      }
    }
  }
}
