package dev.headroom.testing.random;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * A case's inputs, drawn from its seed: the same seed always gives the same draws in the same
 * order. Numbers and sizes are uniform in their range, except that {@value #EDGE_PERCENT} % of
 * draws are an edge of it (the bounds, and 0, 1 and -1 when inside), where off-by-one bugs live.
 * All bounds are inclusive.
 */
public final class Gen {
  /** The share of number and size draws that are an edge of their range, in percent. */
  public static final int EDGE_PERCENT = 10;

  private final SplittableRandom random;

  public Gen(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** An int in [min, max]. */
  public int ints(int min, int max) {
    return (int) longs(min, max);
  }

  /** A long in [min, max]. */
  public long longs(long min, long max) {
    if (min > max) {
      throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
    }
    if (edge()) {
      List<Long> edges = new ArrayList<>(List.of(min, max));
      for (long special : new long[] {0, 1, -1}) {
        if (special > min && special < max) {
          edges.add(special);
        }
      }
      return edges.get(random.nextInt(edges.size()));
    }
    if (max == Long.MAX_VALUE && min == Long.MIN_VALUE) {
      return random.nextLong();
    }
    if (max == Long.MAX_VALUE) {
      return random.nextLong(min - 1, max) + 1;
    }
    return random.nextLong(min, max + 1);
  }

  /** Any long. */
  public long anyLong() {
    return longs(Long.MIN_VALUE, Long.MAX_VALUE);
  }

  /** A double in [min, max]; the edges are the bounds and 0 when inside. */
  public double doubles(double min, double max) {
    if (!(min <= max) || Double.isInfinite(max - min)) {
      throw new IllegalArgumentException("not a finite range [" + min + ", " + max + "]");
    }
    if (edge()) {
      return 0 > min && 0 < max ? oneOf(min, max, 0.0) : oneOf(min, max);
    }
    return Math.min(max, min + random.nextDouble() * (max - min));
  }

  /** One of the values, each as likely. */
  @SafeVarargs
  public final <T> T oneOf(T... values) {
    return values[random.nextInt(values.length)];
  }

  /** One of the values, each as likely. */
  public <T> T oneOf(List<T> values) {
    return values.get(random.nextInt(values.size()));
  }

  /** One of the enum's constants, each as likely. */
  public <E extends Enum<E>> E oneOf(Class<E> type) {
    return oneOf(type.getEnumConstants());
  }

  /** A list of minSize to maxSize elements, each drawn by {@code element} from this generator. */
  public <T> List<T> list(int minSize, int maxSize, Function<Gen, T> element) {
    int size = ints(minSize, maxSize);
    List<T> list = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      list.add(element.apply(this));
    }
    return List.copyOf(list);
  }

  /** A string of up to maxLength characters from {@code chars}. */
  public String string(int maxLength, String chars) {
    int length = ints(0, maxLength);
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      out.append(chars.charAt(random.nextInt(chars.length())));
    }
    return out.toString();
  }

  /**
   * A string of up to maxLength UTF-16 code units, any of them: control characters, lone and paired
   * surrogates, U+0000 and U+FFFF (each of the last two in {@value #EDGE_PERCENT} % / 2 of the
   * characters).
   */
  public String anyString(int maxLength) {
    int length = ints(0, maxLength);
    StringBuilder out = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      char c;
      if (edge()) {
        c = random.nextBoolean() ? Character.MIN_VALUE : Character.MAX_VALUE;
      } else {
        c = (char) random.nextInt(1 << 16);
      }
      out.append(c);
    }
    return out.toString();
  }

  /** Up to maxLength bytes, any of them. */
  public byte[] bytes(int maxLength) {
    byte[] bytes = new byte[ints(0, maxLength)];
    random.nextBytes(bytes);
    return bytes;
  }

  private boolean edge() {
    return random.nextInt(100) < EDGE_PERCENT;
  }
}
