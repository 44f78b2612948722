package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The shipped logback.xml, in a JVM of its own: HEADROOM_LOG_FORMAT picks text or one JSON object a
 * line, HEADROOM_LOG_LEVEL the root level, and an unknown format is refused rather than silent.
 */
class LogFormatTest {
  /** Logs one INFO and one DEBUG line, as the operator would. */
  public static final class TwoLines {
    public static void main(String[] args) {
      var log = LoggerFactory.getLogger("dev.headroom.probe");
      log.info("evaluated {} in {}", "shop/checkout", "12ms");
      log.debug("a debug line");
    }
  }

  private record Run(int exit, List<String> stdout, String stderr) {}

  private static Run run(Map<String, String> env, String mainClass, String... args)
      throws IOException, InterruptedException {
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().remove("HEADROOM_LOG_FORMAT");
    builder.environment().remove("HEADROOM_LOG_LEVEL");
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Run(process.exitValue(), out.lines().toList(), err);
  }

  @Test
  void jsonIsOneObjectALineWithTheFormattedMessage() throws Exception {
    Run run = run(Map.of("HEADROOM_LOG_FORMAT", "json"), TwoLines.class.getName());

    assertThat(run.exit()).isZero();
    assertThat(run.stdout()).hasSize(1);
    JsonNode line = new ObjectMapper().readTree(run.stdout().get(0));
    assertThat(line.get("level").asText()).isEqualTo("INFO");
    assertThat(line.get("loggerName").asText()).isEqualTo("dev.headroom.probe");
    assertThat(line.get("formattedMessage").asText()).isEqualTo("evaluated shop/checkout in 12ms");
    assertThat(line.get("timestamp").asLong()).isPositive();
    assertThat(line.has("arguments")).as("arguments are not repeated").isFalse();
    assertThat(run.stderr()).as("no configuration warnings").isEmpty();
  }

  @Test
  void textIsTheDefaultAndTheLevelComesFromTheEnvironment() throws Exception {
    Run plain = run(Map.of(), TwoLines.class.getName());
    assertThat(plain.stdout())
        .singleElement()
        .satisfies(
            l -> assertThat(l).matches(".*INFO .*dev.headroom.probe - evaluated shop/checkout.*"));
    assertThat(plain.stderr()).isEmpty();

    Run debug = run(Map.of("HEADROOM_LOG_LEVEL", "DEBUG"), TwoLines.class.getName());
    assertThat(debug.stdout()).hasSize(2);
    assertThat(debug.stdout().get(1)).contains("DEBUG").contains("a debug line");
  }

  @Test
  void anUnknownFormatIsRefused() throws Exception {
    Run run = run(Map.of("HEADROOM_LOG_FORMAT", "xml"), Main.class.getName(), "--version");

    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.stderr()).contains("HEADROOM_LOG_FORMAT must be text or json, not xml");
  }
}
