package dev.headroom.testing.process;

import dev.headroom.testing.env.Processes;
import dev.headroom.testing.env.Unavailable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The addresses process-backed pods bind: {@value #CIDR} (RFC 2544's range for benchmarking, never
 * routed on the Internet) made local on {@code lo}, as 127.0.0.0/8 is. Not loopback addresses
 * themselves, because the apiserver refuses loopback addresses in EndpointSlices, and the real
 * endpoint-slice controller must be able to list the pods behind a Service. Added with {@code ip
 * addr} (the tests run as root) when missing and removed at JVM exit.
 */
public final class PodNetwork {
  public static final String CIDR = "198.18.0.0/16";
  private static final String ADDRESS = "198.18.0.1/16";
  private static boolean ready;

  private PodNetwork() {}

  /** The pods' address {@code index} (from 0) on node {@code node} (from 0). */
  public static String address(int node, int index) {
    return "198.18." + (node * 4 + index / 250) + "." + (index % 250 + 2);
  }

  /** Makes the range local, or skips (fails on CI) saying why it cannot. */
  public static synchronized void ensure() {
    if (ready) {
      return;
    }
    try {
      if (!ip("-4", "route", "show", "table", "local").contains("local " + CIDR + " ")) {
        ip("addr", "add", ADDRESS, "dev", "lo");
        Processes.onExit("pod network " + CIDR, () -> ip("addr", "del", ADDRESS, "dev", "lo"));
      }
      ready = true;
    } catch (IOException | IllegalStateException e) {
      throw Unavailable.skipOrFail(
          "The process-backed pods' network " + CIDR + " on lo",
          e.getMessage(),
          "run the tests as root on Linux with iproute2's ip command");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String ip(String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("ip"));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed: " + output.strip());
    }
    return output;
  }
}
