package dev.headroom.testing.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.headroom.testing.cluster.Backends.Kind;
import dev.headroom.testing.env.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The order in which the integration tests pick a cluster, without starting any. */
class BackendsTest {
  @TempDir Path dir;

  @Test
  void aKubeconfigOfTheUsersComesFirst() throws IOException {
    var choice =
        Backends.choose(
            Map.of(Backends.KUBECONFIG_ENV, "/home/me/.kube/test")::get, complete(), () -> true);
    assertThat(choice.kind()).contains(Kind.KUBECONFIG);
  }

  @Test
  void thenTheLocalBinariesEvenWhenDockerAnswers() throws IOException {
    var choice = Backends.choose(Map.<String, String>of()::get, complete(), () -> true);
    assertThat(choice.kind()).contains(Kind.LOCAL);
    assertThat(choice.reasons()).containsExactly(Backends.KUBECONFIG_ENV + " is not set");
  }

  @Test
  void k3sIsNeverChosenSilently() throws IOException {
    var choice =
        Backends.choose(
            Map.<String, String>of()::get, TestEnvironment.load(dir.resolve("none")), () -> true);
    assertThat(choice.kind()).isEmpty();
    assertThat(choice.explanation())
        .contains("k3s only when asked for (HEADROOM_TEST_BACKEND=k3s)");

    var asked = Backends.choose(Map.of(Backends.BACKEND_ENV, "k3s")::get, complete(), () -> true);
    assertThat(asked.kind()).contains(Kind.K3S);
  }

  @Test
  void noneSaysWhyForEachBackend() {
    var choice =
        Backends.choose(
            Map.<String, String>of()::get, TestEnvironment.load(dir.resolve("none")), () -> false);
    assertThat(choice.kind()).isEmpty();
    assertThat(choice.explanation())
        .contains(Backends.KUBECONFIG_ENV + " is not set", "no test environment in", "k3s only");
  }

  @Test
  void anUnfinishedInstallIsNotUsed() throws IOException {
    TestEnvironment env = environment("kubernetes.version=1.20.2\n");
    var choice = Backends.choose(Map.<String, String>of()::get, env, () -> false);
    assertThat(choice.kind()).isEmpty();
    assertThat(choice.explanation()).contains("lacks ready=true");
  }

  @Test
  void aMissingBinaryIsNamed() throws IOException {
    TestEnvironment env = environment("ready=true\n");
    Files.delete(dir.resolve("bin/kube-apiserver"));
    var choice = Backends.choose(Map.<String, String>of()::get, env, () -> false);
    assertThat(choice.explanation()).contains("missing from").contains("kube-apiserver");
  }

  @Test
  void aForcedBackendIsTheOnlyOneConsidered() throws IOException {
    var local =
        Backends.choose(
            Map.of(Backends.KUBECONFIG_ENV, "/k", Backends.BACKEND_ENV, "local")::get,
            complete(),
            () -> true);
    assertThat(local.kind()).contains(Kind.LOCAL);

    var k3s = Backends.choose(Map.of(Backends.BACKEND_ENV, "k3s")::get, complete(), () -> false);
    assertThat(k3s.kind()).isEmpty();
    assertThat(k3s.explanation()).isEqualTo("no Docker engine for k3s");

    assertThatThrownBy(
            () ->
                Backends.choose(Map.of(Backends.BACKEND_ENV, "kind")::get, complete(), () -> true))
        .hasMessageContaining("none of kubeconfig, k3s, local");
  }

  private TestEnvironment complete() throws IOException {
    return environment("kubernetes.version=1.20.2\nready=true\n");
  }

  private TestEnvironment environment(String properties) throws IOException {
    Files.createDirectories(dir.resolve("bin"));
    for (String name : new String[] {"etcd", "kube-apiserver"}) {
      Path binary = dir.resolve("bin").resolve(name);
      if (!Files.exists(binary)) {
        Files.writeString(binary, "#!/bin/sh\n");
        Files.setPosixFilePermissions(binary, PosixFilePermissions.fromString("rwxr-xr-x"));
      }
    }
    Files.writeString(dir.resolve("env.properties"), properties);
    return TestEnvironment.load(dir);
  }
}
