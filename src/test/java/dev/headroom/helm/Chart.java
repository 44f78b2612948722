package dev.headroom.helm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Helm chart in {@code helm/headroom}, rendered by Helm itself (helm-java: Helm 3 as a native
 * library), as a test sees it.
 */
public final class Chart {
  public static final Path DIR = Path.of("helm/headroom");
  public static final String RELEASE = "headroom";
  static final String KUBE_VERSION = "1.31.0";
  private static final ObjectMapper YAML = new YAMLMapper();

  private Chart() {}

  public static LintResult lint() {
    return new Helm(DIR).lint().strict().call();
  }

  /**
   * The text Helm prints after an install ({@code templates/NOTES.txt}) for these values. {@code
   * helm template} leaves NOTES out and an install needs a cluster, so a copy of the chart renders
   * it into a ConfigMap through {@code tpl}, with the chart's own helpers.
   */
  public static String notes(String namespace, String valuesYaml) {
    try {
      Path copy = Files.createTempDirectory("headroom-chart");
      try (var files = Files.walk(DIR)) {
        for (Path from : (Iterable<Path>) files::iterator) {
          Path to = copy.resolve(DIR.relativize(from).toString());
          if (Files.isDirectory(from)) {
            Files.createDirectories(to);
          } else {
            Files.copy(from, to);
          }
        }
      }
      Files.move(copy.resolve("templates/NOTES.txt"), copy.resolve("notes-source.txt"));
      Files.writeString(
          copy.resolve("templates/notes.yaml"),
          """
          apiVersion: v1
          kind: ConfigMap
          metadata: {name: rendered-notes}
          data:
            notes: |-
          {{ tpl (.Files.Get "notes-source.txt") . | indent 4 }}
          """);
      Path values = writeValues(valuesYaml);
      String out =
          new Helm(copy)
              .template()
              .withName(RELEASE)
              .withNamespace(namespace)
              .withKubeVersion(KUBE_VERSION)
              .withValuesFile(values)
              .call();
      Files.deleteIfExists(values);
      deleteTree(copy);
      return new Rendered(out, parse(out))
          .named("ConfigMap", "rendered-notes")
          .orElseThrow()
          .at("/data/notes")
          .asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code helm template} with these values (YAML text); the CRD is in the chart's crds/. */
  public static Rendered render(String namespace, String valuesYaml) {
    return render(RELEASE, namespace, valuesYaml);
  }

  /** {@code helm template RELEASE} with these values (YAML text). */
  public static Rendered render(String release, String namespace, String valuesYaml) {
    Path values = writeValues(valuesYaml);
    try {
      String out =
          new Helm(DIR)
              .template()
              .withName(release)
              // Inside the chart's kubeVersion range (Helm's own default is older).
              .withKubeVersion(KUBE_VERSION)
              .withNamespace(namespace)
              .withValuesFile(values)
              .call();
      return new Rendered(out, parse(out));
    } finally {
      try {
        Files.deleteIfExists(values);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The error Helm reports for these values, or why it did not fail. */
  public static String renderError(String namespace, String valuesYaml) {
    try {
      Rendered rendered = render(namespace, valuesYaml);
      throw new AssertionError("Helm rendered bad values without an error:\n" + rendered.text());
    } catch (IllegalStateException e) {
      return e.getMessage();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (var paths = Files.walk(dir)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static Path writeValues(String valuesYaml) {
    try {
      Path file = Files.createTempFile("headroom-values", ".yaml");
      Files.writeString(file, valuesYaml);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<ObjectNode> parse(String text) {
    List<ObjectNode> docs = new ArrayList<>();
    try (var parser = new YAMLFactory().createParser(text)) {
      var it = YAML.readValues(parser, JsonNode.class);
      while (it.hasNext()) {
        JsonNode doc = it.next();
        if (doc instanceof ObjectNode object && object.has("kind")) {
          docs.add(object);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return docs;
  }

  /** The manifests Helm rendered, as text and as parsed documents. */
  public record Rendered(String text, List<ObjectNode> docs) {
    public List<ObjectNode> ofKind(String kind) {
      return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    public ObjectNode one(String kind) {
      List<ObjectNode> found = ofKind(kind);
      if (found.size() != 1) {
        throw new AssertionError("expected one " + kind + ", rendered " + found.size());
      }
      return found.get(0);
    }

    public Optional<ObjectNode> named(String kind, String name) {
      return ofKind(kind).stream()
          .filter(d -> name.equals(d.path("metadata").path("name").asText()))
          .findFirst();
    }
  }
}
