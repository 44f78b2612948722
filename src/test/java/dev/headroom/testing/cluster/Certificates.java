package dev.headroom.testing.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local control plane's certificates, made with openssl the way the reference recipe makes
 * them: a CA, the apiserver's serving certificate, an admin client certificate in {@code
 * system:masters} (every permission under RBAC) and the service-account signing key pair. RSA with
 * SHA-256 and subjectAltNames, since Go 1.15+ ignores the CN and 1.18+ rejects SHA-1.
 *
 * <p>For the aggregation layer, as kubeadm sets it up: a separate front-proxy CA and the client
 * certificate the apiserver proxies with ({@code front-proxy-client}), a serving certificate for
 * metrics-server under its Service's name, and one for the fake nodes' kubelet endpoints on their
 * addresses ({@link #KUBELET_ADDRESSES}).
 *
 * @param dir where the files are
 */
public record Certificates(Path dir) {
  /** The fake nodes' addresses the kubelet serving certificate names: 127.0.10.1 to .16. */
  public static final int KUBELET_ADDRESSES = 16;

  public Path caCert() {
    return dir.resolve("ca.crt");
  }

  public Path caKey() {
    return dir.resolve("ca.key");
  }

  public Path apiserverCert() {
    return dir.resolve("apiserver.crt");
  }

  public Path apiserverKey() {
    return dir.resolve("apiserver.key");
  }

  public Path adminCert() {
    return dir.resolve("admin.crt");
  }

  public Path adminKey() {
    return dir.resolve("admin.key");
  }

  public Path frontProxyCaCert() {
    return dir.resolve("front-proxy-ca.crt");
  }

  public Path frontProxyClientCert() {
    return dir.resolve("front-proxy-client.crt");
  }

  public Path frontProxyClientKey() {
    return dir.resolve("front-proxy-client.key");
  }

  /** metrics-server's serving certificate, for {@code metrics-server.kube-system.svc}. */
  public Path metricsServerCert() {
    return dir.resolve("metrics-server.crt");
  }

  public Path metricsServerKey() {
    return dir.resolve("metrics-server.key");
  }

  /** The fake kubelets' serving certificate, for every fake node address. */
  public Path kubeletCert() {
    return dir.resolve("kubelet.crt");
  }

  public Path kubeletKey() {
    return dir.resolve("kubelet.key");
  }

  public Path serviceAccountKey() {
    return dir.resolve("sa.key");
  }

  public Path serviceAccountPublicKey() {
    return dir.resolve("sa.pub");
  }

  /** Creates every file in {@code dir}; takes a few seconds (eight RSA keys). */
  public static Certificates create(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve("srv.ext"),
          "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc,IP:10.0.0.1\n"
              + "extendedKeyUsage=serverAuth\n");
      Files.writeString(dir.resolve("cli.ext"), "extendedKeyUsage=clientAuth\n");
      Files.writeString(
          dir.resolve("metrics-server.ext"),
          "subjectAltName=DNS:metrics-server.kube-system.svc,DNS:localhost,IP:127.0.0.1\n"
              + "extendedKeyUsage=serverAuth\n");
      StringBuilder kubeletNames = new StringBuilder("subjectAltName=DNS:localhost");
      for (int i = 1; i <= KUBELET_ADDRESSES; i++) {
        kubeletNames.append(",IP:127.0.10.").append(i);
      }
      Files.writeString(
          dir.resolve("kubelet.ext"), kubeletNames + "\nextendedKeyUsage=serverAuth\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    openssl(
        dir,
        "req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=local-ca"
            + " -keyout ca.key -out ca.crt");
    signed(dir, "apiserver", "/CN=kube-apiserver", "srv.ext", "ca");
    signed(dir, "admin", "/O=system:masters/CN=admin", "cli.ext", "ca");
    openssl(
        dir,
        "req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=front-proxy-ca"
            + " -keyout front-proxy-ca.key -out front-proxy-ca.crt");
    signed(dir, "front-proxy-client", "/CN=front-proxy-client", "cli.ext", "front-proxy-ca");
    signed(dir, "metrics-server", "/CN=metrics-server", "metrics-server.ext", "ca");
    signed(dir, "kubelet", "/CN=fake-kubelet", "kubelet.ext", "ca");
    openssl(dir, "genrsa -out sa.key 2048");
    openssl(dir, "rsa -in sa.key -pubout -out sa.pub");
    return new Certificates(dir);
  }

  /** A key pair {@code name.key} and its certificate {@code name.crt}, signed by {@code ca}. */
  private static void signed(Path dir, String name, String subject, String extensions, String ca) {
    openssl(
        dir,
        "req -newkey rsa:2048 -nodes -subj "
            + subject
            + " -keyout "
            + name
            + ".key -out "
            + name
            + ".csr");
    openssl(
        dir,
        "x509 -req -in "
            + name
            + ".csr -CA "
            + ca
            + ".crt -CAkey "
            + ca
            + ".key -CAcreateserial"
            + " -days 3650 -extfile "
            + extensions
            + " -out "
            + name
            + ".crt");
  }

  private static void openssl(Path dir, String arguments) {
    List<String> command = new ArrayList<>();
    command.add("openssl");
    command.addAll(List.of(arguments.split(" ")));
    try {
      Process process =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("openssl.log").toFile())
              .start();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "openssl " + arguments + " failed:\n" + Files.readString(dir.resolve("openssl.log")));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run openssl (apt-get install openssl)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
