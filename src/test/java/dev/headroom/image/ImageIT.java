package dev.headroom.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.headroom.testing.env.Unavailable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container image that {@code jib:buildTar} writes in {@code pre-integration-test}
 * (target/jib-image.tar, on the base from scripts/jre-base.sh): its configuration, and that what it
 * holds starts. See docs/image.md.
 */
class ImageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> ENTRYPOINT =
      List.of("java", "-cp", "@/app/jib-classpath-file", "dev.headroom.cli.Main", "run");

  @TempDir static Path work;
  private static JsonNode config;
  private static List<Path> layers;
  private static Path rootfs;

  @BeforeAll
  static void unpack() throws Exception {
    if (Boolean.getBoolean("headroom.image.skip")) {
      throw Unavailable.skipOrFail(
          "The container image",
          "-Dheadroom.image.skip=true skipped building it",
          "run ./mvnw -B verify without -Dheadroom.image.skip");
    }
    Path tar = Paths.get(System.getProperty("headroom.image.tar", "target/jib-image.tar"));
    if (!Files.isRegularFile(tar)) {
      // Not a skip: the default build makes this file, so its absence is a broken build.
      fail(
          tar.toAbsolutePath()
              + " is missing: jib:buildTar (execution image-tar, pre-integration-test) should have"
              + " written it; run ./mvnw -B verify, or ./mvnw -B package"
              + " exec:exec@jre-base jib:buildTar@image-tar");
    }
    Path image = Files.createDirectories(work.resolve("image"));
    run(List.of("tar", "-xf", tar.toAbsolutePath().toString(), "-C", image.toString()), Map.of());
    JsonNode manifest = JSON.readTree(image.resolve("manifest.json").toFile());
    assertThat(manifest.size()).as("images in the tar").isEqualTo(1);
    config = JSON.readTree(image.resolve(manifest.get(0).get("Config").asText()).toFile());
    layers = new ArrayList<>();
    manifest.get(0).get("Layers").forEach(l -> layers.add(image.resolve(l.asText())));

    rootfs = Files.createDirectories(work.resolve("rootfs"));
    for (Path layer : layers) {
      // -p: keep the layers' modes (e.g. /tmp's 1777) whatever the test's umask.
      run(List.of("tar", "-xpzf", layer.toString(), "-C", rootfs.toString()), Map.of());
    }
  }

  @Test
  void runsAsANumericNonRootUser() {
    String user = config.at("/config/User").asText();
    assertThat(user).matches("\\d+:\\d+");
    // Numeric, so Kubernetes' runAsNonRoot can verify it without an /etc/passwd lookup.
    for (String id : user.split(":")) {
      assertThat(Integer.parseInt(id)).as("uid/gid in %s", user).isPositive();
    }
  }

  @Test
  void entrypointRunsTheOperatorWithTheJvmFlagsInTheEnvironment() {
    assertThat(strings(config.at("/config/Entrypoint"))).containsExactlyElementsOf(ENTRYPOINT);
    assertThat(strings(config.at("/config/Cmd"))).isEmpty();
    assertThat(env().get("JAVA_TOOL_OPTIONS"))
        .contains("-XX:MaxRAMPercentage=")
        .contains("-XX:+ExitOnOutOfMemoryError");
    assertThat(config.at("/config/WorkingDir").asText()).isEqualTo("/app");
  }

  @Test
  void labelsNameTheSourceVersionAndLicence() {
    JsonNode labels = config.at("/config/Labels");
    assertThat(labels.path("org.opencontainers.image.version").asText())
        .isEqualTo(System.getProperty("headroom.project.version"))
        .isNotBlank();
    assertThat(labels.path("org.opencontainers.image.licenses").asText())
        .isEqualTo(System.getProperty("headroom.image.licenses"))
        .isNotBlank();
    assertThat(labels.path("org.opencontainers.image.source").asText())
        .isEqualTo(System.getProperty("headroom.image.source"))
        .isNotBlank();
    assertThat(labels.path("org.opencontainers.image.title").asText()).isEqualTo("Headroom");
  }

  @Test
  void layersMatchTheConfigsDiffIds() throws Exception {
    List<String> diffIds = strings(config.at("/rootfs/diff_ids"));
    assertThat(layers).hasSameSizeAs(diffIds);
    for (int i = 0; i < layers.size(); i++) {
      assertThat("sha256:" + uncompressedSha256(layers.get(i)))
          .as("diff_id of %s", layers.get(i).getFileName())
          .isEqualTo(diffIds.get(i));
    }
  }

  @Test
  void onlyTmpIsWritableByTheUser() throws IOException {
    // With a read-only root file system the JVM's only writes (hsperfdata, hs_err) go to /tmp,
    // where the chart mounts an emptyDir; the image must have it, sticky like a real /tmp.
    Path tmp = rootfs.resolve("tmp");
    assertThat(tmp).isDirectory();
    assertThat(Files.getPosixFilePermissions(tmp)).contains(PosixFilePermission.OTHERS_WRITE);
    assertThat(rootfs.resolve("app/jib-classpath-file")).isRegularFile();
    try (var files = Files.walk(rootfs.resolve("app"))) {
      assertThat(files.filter(ImageIT::writableByOthers).collect(Collectors.toList()))
          .as("world-writable files in /app")
          .isEmpty();
    }
  }

  @Test
  void theEntrypointStartsOnTheImagesJreAndServesTheExposedPort() throws Exception {
    Result help = runImage(List.of("--help"));
    assertThat(help.stdout).contains("Usage: headroom run").contains("--http-port");
    // JAVA_TOOL_OPTIONS was read by the image's JVM; an unknown flag would have stopped it.
    assertThat(help.stderr)
        .contains("Picked up JAVA_TOOL_OPTIONS: " + env().get("JAVA_TOOL_OPTIONS"));

    String httpPortHelp = help.stdout.substring(help.stdout.indexOf("--http-port"));
    Matcher port = Pattern.compile("default\\s+(\\d+)\\)").matcher(httpPortHelp);
    assertThat(port.find()).as("the --http-port default in:%n%s", help.stdout).isTrue();
    assertThat(fieldNames(config.at("/config/ExposedPorts")))
        .as("exposed ports")
        .containsExactly(port.group(1) + "/tcp");
  }

  @Test
  void theImagesJreHasWhatTheOtherCommandsAndTlsNeed() throws Exception {
    Path java = resolveJava();
    String classpath = classpath();
    Result main =
        run(List.of(java.toString(), "-cp", classpath, "dev.headroom.cli.Main", "--help"));
    assertThat(main.stdout).contains("Usage: headroom").contains("simulate");
    Result simulate =
        run(
            List.of(
                java.toString(), "-cp", classpath, "dev.headroom.cli.Main", "simulate", "--help"));
    assertThat(simulate.stdout).contains("Usage: headroom simulate");

    // Loaded by service lookup, so no class reference shows the need: elliptic-curve TLS.
    Result modules = run(List.of(java.toString(), "--list-modules"));
    assertThat(modules.stdout).contains("jdk.crypto.ec@");

    Result flags = run(List.of(java.toString(), "-XX:+PrintFlagsFinal", "-version"));
    String maxRam =
        env().get("JAVA_TOOL_OPTIONS").replaceAll(".*-XX:MaxRAMPercentage=([0-9.]+).*", "$1");
    assertThat(flags.stdout)
        .containsPattern("MaxRAMPercentage\\s+= " + Pattern.quote(maxRam) + "0*\\s");
  }

  /** The entrypoint with {@code args}, as the container would run it, with paths into rootfs. */
  private static Result runImage(List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(resolveJava().toString());
    for (String part : ENTRYPOINT.subList(1, ENTRYPOINT.size())) {
      command.add(part.equals("@/app/jib-classpath-file") ? classpath() : part);
    }
    command.addAll(args);
    return run(command);
  }

  /** 'java' as the container resolves it: through the image's PATH, inside the image. */
  private static Path resolveJava() {
    for (String dir : env().get("PATH").split(":")) {
      Path candidate = rootfs.resolve(dir.substring(1)).resolve("java");
      if (Files.isExecutable(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError("no java on the image's PATH " + env().get("PATH"));
  }

  private static String classpath() throws IOException {
    String inImage = Files.readString(rootfs.resolve("app/jib-classpath-file")).trim();
    List<String> entries = new ArrayList<>();
    for (String entry : inImage.split(":")) {
      Path local = rootfs.resolve(entry.substring(1));
      assertThat(local).as("class path entry %s", entry).exists();
      entries.add(local.toString());
    }
    return String.join(":", entries);
  }

  private static Map<String, String> env() {
    Map<String, String> env = new LinkedHashMap<>();
    config
        .at("/config/Env")
        .forEach(
            e -> {
              String[] kv = e.asText().split("=", 2);
              env.put(kv[0], kv[1]);
            });
    return env;
  }

  private static Result run(List<String> command) throws Exception {
    Map<String, String> env = new LinkedHashMap<>(env());
    env.remove("PATH");
    return run(command, env);
  }

  /** Runs command with the image's environment (not the test JVM's) and fails on non-zero exit. */
  private static Result run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command);
    builder
        .environment()
        .keySet()
        .removeIf(k -> k.startsWith("JAVA_") || k.startsWith("HEADROOM_"));
    builder.environment().putAll(env);
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      fail("timed out: " + command);
    }
    Result result =
        new Result(
            Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    String shown = String.join(" ", command);
    if (rootfs != null) {
      shown = shown.replace(rootfs.toString(), "<image>");
    }
    assertThat(process.exitValue())
        .as("exit of %s%nstdout: %s%nstderr: %s", shown, result.stdout, result.stderr)
        .isZero();
    return result;
  }

  private record Result(String stdout, String stderr) {}

  private static String uncompressedSha256(Path gz) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (InputStream in =
        new DigestInputStream(new GZIPInputStream(Files.newInputStream(gz)), sha)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static boolean writableByOthers(Path p) {
    try {
      return !Files.isSymbolicLink(p)
          && Files.getPosixFilePermissions(p).contains(PosixFilePermission.OTHERS_WRITE);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static List<String> fieldNames(JsonNode object) {
    List<String> names = new ArrayList<>();
    object.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
