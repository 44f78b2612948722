package dev.headroom.testing.env;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;
import org.opentest4j.AssertionFailedError;

/**
 * What a test does when a real server it needs is not there: on CI ({@code CI=true}) it fails, so a
 * broken install cannot pass as a green build of skipped tests; on a developer's machine it is
 * skipped with the reason and the fix. The extensions call it before each test (not once per
 * class), so every skipped test is counted and carries the reason in the test report.
 */
public final class Unavailable {
  public static final String FIX =
      "run `bash scripts/test-env.sh` to install the local servers (see docs/testing.md), set"
          + " HEADROOM_TEST_KUBECONFIG to use a cluster of yours, or start Docker for k3s";

  private static final Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

  private Unavailable() {}

  public static boolean onCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Skips the test, or fails it on CI; never returns normally. */
  public static RuntimeException skipOrFail(String what, String why, String fix) {
    String message = what + " is not available: " + why + ". To fix: " + fix + ".";
    if (ANNOUNCED.add(message)) {
      // Test reports do not show skip reasons on the console; this line does, once.
      System.err.println("[headroom tests] " + (onCi() ? "FAILING: " : "SKIPPING: ") + message);
    }
    if (onCi()) {
      throw new AssertionFailedError("CI=true, so this fails instead of skipping. " + message);
    }
    Assumptions.abort(message);
    throw new IllegalStateException("unreachable");
  }
}
