package dev.headroom.e2e;

import java.util.ArrayDeque;
import java.util.Deque;

/** Closes what was added, newest first: a test's servers and generators, also when it fails. */
final class Closer implements AutoCloseable {
  private final Deque<AutoCloseable> items = new ArrayDeque<>();

  void add(AutoCloseable item) {
    items.push(item);
  }

  @Override
  public void close() throws Exception {
    while (!items.isEmpty()) {
      items.pop().close();
    }
  }
}
