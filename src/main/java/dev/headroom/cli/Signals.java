package dev.headroom.cli;

import sun.misc.Signal;

/**
 * SIGTERM (Kubernetes stopping the pod) and SIGINT (Ctrl-C) as a request to stop, instead of the
 * JVM's default of running the shutdown hooks and exiting with status 143 or 130.
 */
final class Signals {
  private Signals() {}

  static void onTermination(Runnable action) {
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(new Signal(name), signal -> action.run());
    }
  }
}
