package dev.headroom.testing.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The evaluations a {@link ChildOperator} made, read from its log: with {@code
 * -Dlogback.configurationFile=src/test/resources/child-operator-logback.xml} it logs each one (the
 * reconciler's DEBUG line) with a timestamp, so a test can tell which process evaluated which
 * policy when.
 */
public final class EvaluationLog {
  /** The JVM option that makes a child operator log its evaluations. */
  public static final String LOGGING =
      "-Dlogback.configurationFile=src/test/resources/child-operator-logback.xml";

  private static final Pattern EVALUATED =
      Pattern.compile("^(\\S+) DEBUG .* - evaluated (\\S+/\\S+) \\(shard \\d+ of \\d+\\)$");
  private static final Pattern LINE = Pattern.compile("^(\\S+) (TRACE|DEBUG|INFO |WARN |ERROR) .*");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX");

  /** One evaluation of the policy {@code namespace/name}, logged when it ended. */
  public record Evaluation(Instant at, String policy) {}

  /** One line the logger wrote, with its level ({@code WARN}, {@code ERROR}, …). */
  public record Line(Instant at, String level, String text) {}

  private EvaluationLog() {}

  public static List<Evaluation> evaluations(Path log) {
    List<Evaluation> all = new ArrayList<>();
    for (String line : lines(log)) {
      Matcher m = EVALUATED.matcher(line);
      if (m.matches()) {
        all.add(new Evaluation(OffsetDateTime.parse(m.group(1), TIME).toInstant(), m.group(2)));
      }
    }
    return all;
  }

  /** The logger's lines (not the continuation lines of a stack trace). */
  public static List<Line> lines(Path log, String... levels) {
    List<String> wanted = List.of(levels);
    List<Line> found = new ArrayList<>();
    for (String line : lines(log)) {
      Matcher m = LINE.matcher(line);
      if (m.matches() && wanted.contains(m.group(2).trim())) {
        found.add(
            new Line(OffsetDateTime.parse(m.group(1), TIME).toInstant(), m.group(2).trim(), line));
      }
    }
    return found;
  }

  private static List<String> lines(Path log) {
    try {
      return Files.readAllLines(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
