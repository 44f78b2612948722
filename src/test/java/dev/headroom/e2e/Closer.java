package dev.headroom.e2e;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Closes what was added, newest first: a test's servers and generators, also when it fails. One
 * that fails to close does not keep the others open; the first failure is thrown, the rest
 * suppressed under it.
 */
final class Closer implements AutoCloseable {
  private final Deque<AutoCloseable> items = new ArrayDeque<>();

  void add(AutoCloseable item) {
    items.push(item);
  }

  @Override
  public void close() throws Exception {
    Exception first = null;
    while (!items.isEmpty()) {
      try {
        items.pop().close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
