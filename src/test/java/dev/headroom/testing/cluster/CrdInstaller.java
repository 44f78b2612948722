package dev.headroom.testing.cluster;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.headroom.testing.env.Poll;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Installs a CRD file on a test server and waits until it is Established.
 *
 * <p>A 1.20 apiserver does not know {@code x-kubernetes-validations} (CEL came in 1.25):
 * server-side apply of a CRD carrying them fails with HTTP 500 "field not declared in schema" (and
 * the client retries for ~19 s), so for such a server the rules are stripped and the CRD is
 * created, not applied. Everything else of the schema (types, patterns, enums, bounds, required)
 * still holds.
 */
public final class CrdInstaller {
  private static final String CEL_RULES = "x-kubernetes-validations";
  private static final Map<String, CustomResourceDefinition> INSTALLED = new HashMap<>();

  private CrdInstaller() {}

  /** Installs the CRD with its CEL rules where the server has CEL, without them where not. */
  public static CustomResourceDefinition install(KubernetesClient client, Path crdYaml) {
    return install(client, crdYaml, hasCel(client.getKubernetesVersion()));
  }

  public static CustomResourceDefinition install(
      KubernetesClient client, Path crdYaml, boolean keepCelRules) {
    Map<String, Object> document = read(crdYaml);
    return install(
        client,
        crdYaml.toAbsolutePath() + " " + keepCelRules,
        keepCelRules ? document : withoutCelRules(document));
  }

  /**
   * Installs a CRD document once per server in this JVM ({@code key} names the content): the shared
   * servers outlive test classes.
   */
  public static synchronized CustomResourceDefinition install(
      KubernetesClient client, String key, Object document) {
    String installedKey = client.getMasterUrl() + " " + key;
    CustomResourceDefinition installed = INSTALLED.get(installedKey);
    if (installed == null) {
      installed = createOrUpdate(client, document);
      INSTALLED.put(installedKey, installed);
    }
    return installed;
  }

  private static CustomResourceDefinition createOrUpdate(KubernetesClient client, Object document) {
    CustomResourceDefinition crd =
        client.getKubernetesSerialization().convertValue(document, CustomResourceDefinition.class);
    var resource = client.apiextensions().v1().customResourceDefinitions().resource(crd);
    CustomResourceDefinition existing = resource.get();
    if (existing == null) {
      resource.create();
    } else if (!existing.getSpec().equals(crd.getSpec())) {
      crd.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
      resource.update();
    }
    String name = crd.getMetadata().getName();
    return Poll.value(
        Duration.ofSeconds(60),
        "CRD " + name + " to be Established",
        () ->
            Optional.ofNullable(
                    client.apiextensions().v1().customResourceDefinitions().withName(name).get())
                .filter(CrdInstaller::established));
  }

  /** CEL rules are enforced from 1.25 on (beta, on by default). */
  public static boolean hasCel(VersionInfo version) {
    int major = Integer.parseInt(version.getMajor().replaceAll("\\D", ""));
    int minor = Integer.parseInt(version.getMinor().replaceAll("\\D", ""));
    return major > 1 || minor >= 25;
  }

  private static boolean established(CustomResourceDefinition crd) {
    return crd.getStatus() != null
        && crd.getStatus().getConditions() != null
        && crd.getStatus().getConditions().stream()
            .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
  }

  /** A copy of the document with every {@code x-kubernetes-validations} removed. */
  static Object withoutCelRules(Object node) {
    if (node instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach(
          (k, v) -> {
            if (!CEL_RULES.equals(k)) {
              copy.put(k, withoutCelRules(v));
            }
          });
      return copy;
    }
    if (node instanceof List<?> list) {
      return list.stream().map(CrdInstaller::withoutCelRules).toList();
    }
    return node;
  }

  @SuppressWarnings("unchecked")
  public static Map<String, Object> read(Path file) {
    try {
      return new ObjectMapper(new YAMLFactory()).readValue(Files.readString(file), Map.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
