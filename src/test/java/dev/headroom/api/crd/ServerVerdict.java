package dev.headroom.api.crd;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.Assertions;

/**
 * What a real apiserver says to {@code kubectl apply} of a policy file: it creates the object as
 * kubectl does for a new one (POST with {@code fieldValidation=Strict}), through the generic client
 * so no discovery is needed (the CRD-only server has none).
 *
 * @param accepted whether the server stored the object
 * @param message the server's message when it refused (kubectl prints it), else empty
 * @param causes each refused field as kubectl lists it: {@code <field>: <message>}
 */
record ServerVerdict(boolean accepted, String message, List<String> causes) {
  static final ResourceDefinitionContext POLICIES =
      new ResourceDefinitionContext.Builder()
          .withGroup("headroom.dev")
          .withVersion("v1alpha1")
          .withPlural("performancepolicies")
          .withKind("PerformancePolicy")
          .withNamespaced(true)
          .build();

  private static final String EXPECT = "# expect: ";

  /** Refused, with exactly the message the fixture's first line expects. */
  void assertRefusedAsExpected(Path fixture) {
    Assertions.assertThat(accepted()).as(fixture + " must be refused").isFalse();
    String expected = expectedMessage(fixture);
    Assertions.assertThat(says(expected))
        .as("%s: expected %s%nthe server said %s%n%s", fixture, expected, message(), causes())
        .isTrue();
  }

  /** Sends the file's policy (moved into {@code namespace}) and records the answer. */
  static ServerVerdict create(KubernetesClient client, String namespace, Path file) {
    return create(client, POLICIES, namespace, PolicyFiles.read(file));
  }

  /** Sends the object (moved into {@code namespace}) and records the answer. */
  static ServerVerdict create(
      KubernetesClient client,
      ResourceDefinitionContext type,
      String namespace,
      Map<String, Object> object) {
    Map<String, Object> document = new LinkedHashMap<>(object);
    @SuppressWarnings("unchecked")
    Map<String, Object> metadata =
        new LinkedHashMap<>((Map<String, Object>) document.get("metadata"));
    metadata.put("namespace", namespace);
    document.put("metadata", metadata);
    GenericKubernetesResource resource =
        client.getKubernetesSerialization().convertValue(document, GenericKubernetesResource.class);
    try {
      client
          .genericKubernetesResources(type)
          .inNamespace(namespace)
          .resource(resource)
          .fieldValidation(Validation.STRICT)
          .create();
      return new ServerVerdict(true, "", List.of());
    } catch (KubernetesClientException e) {
      Status status = e.getStatus();
      if (status == null || (e.getCode() != 400 && e.getCode() != 422)) {
        throw e; // not a validation answer: a broken server or test, never a verdict
      }
      List<String> causes = new ArrayList<>();
      if (status.getDetails() != null && status.getDetails().getCauses() != null) {
        status
            .getDetails()
            .getCauses()
            .forEach(
                c ->
                    causes.add(
                        c.getField() == null || c.getField().isEmpty()
                            ? c.getMessage()
                            : c.getField() + ": " + c.getMessage()));
      }
      return new ServerVerdict(false, status.getMessage(), causes);
    }
  }

  /**
   * Whether kubectl would show this line: one refused field reads exactly so, or the message (a
   * strict-decoding error, which has no field causes) contains it.
   */
  boolean says(String expected) {
    return causes.contains(expected) || message.contains(expected);
  }

  /** The fixture's first line, {@code # expect: <message>}. */
  static String expectedMessage(Path fixture) {
    try {
      String first = Files.readAllLines(fixture).get(0);
      if (!first.startsWith(EXPECT)) {
        throw new IllegalStateException(fixture + " does not start with " + EXPECT);
      }
      return first.substring(EXPECT.length());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Every CEL rule message in the CRD, to tell rule fixtures from schema fixtures. */
  static Set<String> celRuleMessages(Path crd) {
    List<String> messages = new ArrayList<>();
    collectRuleMessages(Crds.read(crd), messages);
    return messages.stream().collect(Collectors.toUnmodifiableSet());
  }

  private static void collectRuleMessages(Object node, List<String> into) {
    if (node instanceof Map<?, ?> map) {
      Object rules = map.get("x-kubernetes-validations");
      if (rules instanceof List<?> list) {
        for (Object rule : list) {
          Optional.ofNullable(((Map<?, ?>) rule).get("message"))
              .ifPresent(m -> into.add(m.toString()));
        }
      }
      map.values().forEach(v -> collectRuleMessages(v, into));
    } else if (node instanceof List<?> list) {
      list.forEach(v -> collectRuleMessages(v, into));
    }
  }
}
