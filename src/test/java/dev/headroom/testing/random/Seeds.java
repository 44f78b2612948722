package dev.headroom.testing.random;

import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * The seeds of a property test's cases, and the failure report that names them.
 *
 * <p>A property is a {@code @ParameterizedTest(name = Seeds.NAME)} with a {@code @MethodSource}
 * that returns {@link #of(int)}; the test draws its inputs from {@code new Gen(seed)} and runs its
 * assertions inside {@link #check}. The seeds follow from a base seed, fixed unless {@value
 * #BASE_PROPERTY} is set, so every run tries the same cases; {@value #CASE_PROPERTY} runs only the
 * one case a failure named.
 */
public final class Seeds {
  /** System property: the base seed of the run (a long); without it {@link #DEFAULT_BASE}. */
  public static final String BASE_PROPERTY = "headroom.seed";

  /** System property: the seed of the one case to run, instead of all of them (a long). */
  public static final String CASE_PROPERTY = "headroom.case";

  /** The base seed when {@value #BASE_PROPERTY} is not set. */
  public static final long DEFAULT_BASE = 20_250_101L;

  /** The display name of a case: its index and its seed. */
  public static final String NAME = "[{index}] seed={0}";

  private Seeds() {}

  /**
   * The seeds of {@code cases} cases: derived from the base seed, or only the {@value
   * #CASE_PROPERTY} seed when it is set.
   */
  public static Stream<Long> of(int cases) {
    if (cases < 1) {
      throw new IllegalArgumentException("cases must be at least 1: " + cases);
    }
    Long only = longProperty(CASE_PROPERTY);
    if (only != null) {
      return Stream.of(only);
    }
    Long base = longProperty(BASE_PROPERTY);
    SplittableRandom seeds = new SplittableRandom(base == null ? DEFAULT_BASE : base);
    return LongStream.generate(seeds::nextLong).limit(cases).boxed();
  }

  /**
   * Runs a case's assertions; whatever it throws (but an aborted assumption) is reported as an
   * {@link AssertionError} whose message starts with the seed, how to rerun it, and {@code inputs}
   * (asked for only then), with the original as its cause.
   */
  public static void check(long seed, Supplier<String> inputs, Executable body) {
    try {
      body.execute();
    } catch (VirtualMachineError | TestAbortedException e) {
      throw e;
    } catch (Throwable failure) {
      String message =
          "seed "
              + seed
              + " (rerun it alone with -D"
              + CASE_PROPERTY
              + "="
              + seed
              + "), inputs: "
              + inputs.get()
              + "\n"
              + (failure instanceof AssertionError ? failure.getMessage() : "threw " + failure);
      if (failure instanceof AssertionFailedError f
          && f.isExpectedDefined()
          && f.isActualDefined()) {
        // Keeps expected and actual for the IDE's comparison.
        throw new AssertionFailedError(
            message,
            f.getExpected().getEphemeralValue(),
            f.getActual().getEphemeralValue(),
            failure);
      }
      throw new AssertionError(message, failure);
    }
  }

  private static Long longProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("-D" + name + " must be a long, not \"" + value + "\"", e);
    }
  }
}
