package dev.headroom.sim.run;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/** Waiting for a simulation run on a pool: its own exception, not a wrapper, reaches the caller. */
public final class Futures {
  private Futures() {}

  public static <T> T await(Future<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while simulating", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new IllegalStateException(e.getCause());
    }
  }
}
