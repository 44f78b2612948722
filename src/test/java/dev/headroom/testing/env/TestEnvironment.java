package dev.headroom.testing.env;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The server binaries {@code scripts/test-env.sh} installs and caches, and what it wrote about them
 * in {@code env.properties}. The script writes {@code ready=true} last, so a directory without it
 * is a build that is still running or was interrupted, and is not used.
 *
 * @param dir the cache directory: {@code bin/} plus {@code env.properties}
 * @param properties the contents of {@code env.properties}, empty when there is none
 */
public record TestEnvironment(Path dir, Map<String, String> properties) {
  public static final String DIR_PROPERTY = "headroom.testEnv.dir";
  public static final String DIR_ENV = "HEADROOM_TEST_ENV_DIR";

  public TestEnvironment {
    properties = Map.copyOf(properties);
  }

  /**
   * The directory named by the system property Failsafe sets, else the environment variable, else
   * the script's default; so an IDE run finds the same binaries as {@code ./mvnw verify}.
   */
  public static TestEnvironment locate() {
    String configured = System.getProperty(DIR_PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv(DIR_ENV);
    }
    Path dir =
        configured == null || configured.isBlank()
            ? Path.of(System.getProperty("user.home"), ".cache", "headroom", "test-env")
            : Path.of(configured);
    return load(dir);
  }

  public static TestEnvironment load(Path dir) {
    Path file = dir.resolve("env.properties");
    Map<String, String> values = new TreeMap<>();
    if (Files.isRegularFile(file)) {
      Properties properties = new Properties();
      try (Reader reader = Files.newBufferedReader(file)) {
        properties.load(reader);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
      properties.forEach((k, v) -> values.put(k.toString(), v.toString().trim()));
    }
    return new TestEnvironment(dir.toAbsolutePath(), values);
  }

  /** True once the script finished: it writes {@code ready=true} as its last line. */
  public boolean ready() {
    return "true".equals(properties.get("ready"));
  }

  public Optional<String> property(String key) {
    return Optional.ofNullable(properties.get(key)).filter(v -> !v.isBlank());
  }

  /**
   * The current Kubernetes the script builds from Go modules ({@code k8s-1.36/bin}: etcd,
   * kube-apiserver, kube-controller-manager, kube-scheduler), as an environment of its own: its
   * binaries, its versions as {@code kubernetes.version} and {@code etcd.version}, the same
   * readiness.
   */
  public TestEnvironment current() {
    Map<String, String> values = new TreeMap<>(properties);
    property("current.kubernetes.version").ifPresent(v -> values.put("kubernetes.version", v));
    property("current.etcd.version").ifPresent(v -> values.put("etcd.version", v));
    return new TestEnvironment(dir.resolve("k8s-1.36"), values);
  }

  /** The minor version of the Kubernetes binaries (20 for 1.20.2), or 0 when unknown. */
  public int kubernetesMinor() {
    String[] parts = property("kubernetes.version").orElse("0.0").split("\\.");
    try {
      return parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  public Path binaryPath(String name) {
    return dir.resolve("bin").resolve(name);
  }

  /** The binary, if the environment is complete and it is there and executable. */
  public Optional<Path> binary(String name) {
    Path path = binaryPath(name);
    return ready() && Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
  }

  /**
   * Why these binaries cannot be used, or empty when they all can: a sentence for a skip or failure
   * message that names the directory and what is missing.
   */
  public Optional<String> whyMissing(String... names) {
    if (!Files.isDirectory(dir)) {
      return Optional.of("no test environment in " + dir);
    }
    if (!ready()) {
      return Optional.of(
          "the test environment in "
              + dir
              + " is incomplete (env.properties lacks ready=true: the install is still running"
              + " or was interrupted)");
    }
    List<String> missing = new ArrayList<>();
    for (String name : names) {
      if (!Files.isExecutable(binaryPath(name))) {
        missing.add(name);
      }
    }
    return missing.isEmpty()
        ? Optional.empty()
        : Optional.of("missing from " + dir.resolve("bin") + ": " + String.join(", ", missing));
  }
}
