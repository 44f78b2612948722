package dev.headroom.reconciler;

import io.javaoperatorsdk.operator.api.reconciler.BaseControl;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A UTC clock that a test moves: by a duration, or to when the SDK would reconcile again. */
final class SteppingClock extends Clock {
  private volatile Instant now;

  SteppingClock(Instant start) {
    this.now = start;
  }

  void advance(Duration by) {
    now = now.plus(by);
  }

  /** Moves to the instant the reconciliation that returned {@code control} asked to come back. */
  void toNextReconcile(BaseControl<?> control) {
    advance(Duration.ofMillis(control.getScheduleDelay().orElseThrow()));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now;
  }
}
