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
 * @param dir where the files are
 */
public record Certificates(Path dir) {
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

  public Path serviceAccountKey() {
    return dir.resolve("sa.key");
  }

  public Path serviceAccountPublicKey() {
    return dir.resolve("sa.pub");
  }

  /** Creates every file in {@code dir}; takes a second or two (four RSA keys). */
  public static Certificates create(Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(
          dir.resolve("srv.ext"),
          "subjectAltName=IP:127.0.0.1,DNS:localhost,DNS:kubernetes.default.svc,IP:10.0.0.1\n"
              + "extendedKeyUsage=serverAuth\n");
      Files.writeString(dir.resolve("cli.ext"), "extendedKeyUsage=clientAuth\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    openssl(
        dir,
        "req -x509 -newkey rsa:2048 -nodes -days 3650 -subj /CN=local-ca"
            + " -keyout ca.key -out ca.crt");
    openssl(
        dir,
        "req -newkey rsa:2048 -nodes -subj /CN=kube-apiserver"
            + " -keyout apiserver.key -out apiserver.csr");
    openssl(
        dir,
        "x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial"
            + " -days 3650 -extfile srv.ext -out apiserver.crt");
    openssl(
        dir,
        "req -newkey rsa:2048 -nodes -subj /O=system:masters/CN=admin"
            + " -keyout admin.key -out admin.csr");
    openssl(
        dir,
        "x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial"
            + " -days 3650 -extfile cli.ext -out admin.crt");
    openssl(dir, "genrsa -out sa.key 2048");
    openssl(dir, "rsa -in sa.key -pubout -out sa.pub");
    return new Certificates(dir);
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
