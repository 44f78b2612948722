package dev.headroom.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The client {@code headroom run} builds gives up on a failed request within a second and reopens a
 * broken watch within 8 s, so that an apiserver outage surfaces to the reconciler (which waits it
 * out) instead of holding evaluations for 20 s, and informers come back soon after it.
 */
class RunCommandClientTest {

  @Test
  void retriesBrieflyAndReconnectsWatchesSoon() {
    assertThat(System.getenv("KUBERNETES_REQUEST_RETRY_BACKOFFLIMIT"))
        .as("this test checks the defaults")
        .isNull();
    try (var client = RunCommand.client()) {
      assertThat(client.getConfiguration().getRequestRetryBackoffLimit())
          .isEqualTo(RunCommand.REQUEST_RETRIES);
      assertThat(client.getConfiguration().getWatchReconnectInterval())
          .isEqualTo(RunCommand.WATCH_RECONNECT_MILLIS);
    }
  }
}
