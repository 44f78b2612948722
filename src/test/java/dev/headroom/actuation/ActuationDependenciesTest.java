package dev.headroom.actuation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Actuation may use the JDK, Fabric8 and Headroom's API and engine values; nothing else. */
class ActuationDependenciesTest {
  private static final Path SOURCES = Path.of("src/main/java/dev/headroom/actuation");
  private static final Pattern IMPORT = Pattern.compile("(?m)^import (?:static )?([\\w.]+)");
  private static final Pattern ALLOWED =
      Pattern.compile(
          "java\\..*|io\\.fabric8\\.kubernetes\\.(api|client)\\..*"
              + "|dev\\.headroom\\.(api\\.v1alpha1|engine)\\.[A-Z]\\w*");

  @Test
  void importsOnlyTheJdkFabric8AndHeadroomsApiAndEngineValues() throws IOException {
    List<Path> sources;
    try (Stream<Path> files = Files.list(SOURCES)) {
      sources = files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
    }
    assertThat(sources).hasSizeGreaterThan(10);
    for (Path source : sources) {
      String text = Files.readString(source);
      assertThat(text).as(source.toString()).doesNotContain("dev.headroom.reconciler");
      assertThat(text).as(source.toString()).doesNotContain("io.javaoperatorsdk");
      Matcher imports = IMPORT.matcher(text);
      while (imports.find()) {
        assertThat(imports.group(1)).as("import in %s", source).matches(ALLOWED);
      }
    }
  }
}
