package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class FailureLogTest {
  private final SteppingClock clock = new SteppingClock(Instant.parse("2026-12-05T10:00:00Z"));
  private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
  private final FailureLog log;

  FailureLogTest() {
    Logger logger = (Logger) LoggerFactory.getLogger(FailureLogTest.class.getName() + ".capture");
    logger.setAdditive(false);
    lines.start();
    logger.addAppender(lines);
    log = new FailureLog(logger, clock, "evaluations wait");
  }

  @Test
  void oneLinePerKindPerMinuteWithTheCountOfTheRest() {
    for (int second = 0; second < 90; second++) {
      log.failed(failure(ApiFailure.Kind.UNREACHABLE));
      log.failed(failure(ApiFailure.Kind.THROTTLED));
      clock.advance(Duration.ofSeconds(1));
    }
    assertThat(lines.list).hasSize(4);
    assertThat(lines.list.get(0).getFormattedMessage())
        .startsWith("apiserver request failed (ApiserverUnreachable: refused); evaluations wait;")
        .doesNotContain("more failed");
    assertThat(lines.list.get(2).getFormattedMessage())
        .contains("ApiserverUnreachable")
        .contains("59 more failed since the last line");
    assertThat(lines.list).allSatisfy(line -> assertThat(line.getThrowableProxy()).isNull());
  }

  @Test
  void recoveryIsOneLineAndTheMinuteStillRuns() {
    log.failed(failure(ApiFailure.Kind.UNREACHABLE));
    log.failed(failure(ApiFailure.Kind.UNREACHABLE));
    log.recovered(
        new ApiserverGate.Outage(
            clock.instant(), clock.instant().plusSeconds(45), ApiFailure.Kind.UNREACHABLE, 12));
    log.failed(failure(ApiFailure.Kind.UNREACHABLE));
    assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).hasSize(2);
    assertThat(lines.list.get(1).getFormattedMessage())
        .isEqualTo(
            "the apiserver answers again after 45 s (ApiserverUnreachable, 12 failed attempts);"
                + " evaluations resume");
    clock.advance(FailureLog.EVERY);
    log.failed(failure(ApiFailure.Kind.UNREACHABLE));
    assertThat(lines.list.get(2).getFormattedMessage())
        .contains("2 more failed since the last line");
  }

  private static ApiFailure failure(ApiFailure.Kind kind) {
    return new ApiFailure(kind, "refused", Optional.empty());
  }
}
