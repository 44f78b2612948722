package dev.headroom.testing.env;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Free loopback ports, chosen at run time so two runs (or a run next to a developer's own servers)
 * never fight over a fixed port. The operating system picks the port; a port is never handed out
 * twice in one JVM, because a server started from the first pick may not have bound it yet.
 */
public final class FreePorts {
  private static final Set<Integer> HANDED_OUT = new HashSet<>();

  private FreePorts() {}

  public static synchronized int pick() {
    for (int attempt = 0; attempt < 50; attempt++) {
      int port;
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = socket.getLocalPort();
      } catch (IOException e) {
        throw new UncheckedIOException("no free loopback port", e);
      }
      if (HANDED_OUT.add(port)) {
        return port;
      }
    }
    throw new IllegalStateException("the OS keeps returning ports already handed out");
  }
}
