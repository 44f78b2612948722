package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/**
 * A reference to the workload a policy manages, in the policy's namespace: any resource that serves
 * the {@code scale} subresource, as for the HorizontalPodAutoscaler's {@code scaleTargetRef}.
 * Whether the cluster serves the kind, and its {@code scale}, only the cluster can tell: the
 * operator reports that in the {@code TargetFound} condition.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
// Only ReplicationController, of the kinds that scale, is in the core group (apiVersion v1): a
// StatefulSet under v1 is a mistake the apiserver would only report as "not found".
@ValidationRule(
    value =
        "!has(self.apiVersion) || self.apiVersion.contains('/') || (has(self.kind) && self.kind"
            + " == 'ReplicationController')",
    message =
        "apiVersion must name the kind's API group, e.g. apps/v1 for StatefulSet or"
            + " argoproj.io/v1alpha1 for Rollout; of the kinds that scale only"
            + " ReplicationController is in the core group v1",
    fieldPath = ".apiVersion")
public record TargetRef(
    @Default(TargetRef.DEFAULT_API_VERSION)
        @Size(max = 317)
        @Pattern(TargetRef.API_VERSION_PATTERN)
        @JsonPropertyDescription(
            "API version of the target, group/version as in its manifest: apps/v1 for a"
                + " Deployment, StatefulSet or ReplicaSet, argoproj.io/v1alpha1 for an Argo"
                + " Rollout, or a custom resource's group and version.")
        String apiVersion,
    @Default(TargetRef.DEFAULT_KIND)
        @Size(min = 1, max = 63)
        @Pattern(TargetRef.KIND_PATTERN)
        @JsonPropertyDescription(
            "Kind of the target: any kind whose resource serves the scale subresource (Deployment,"
                + " StatefulSet, ReplicaSet, Rollout, a custom resource declaring"
                + " subresources.scale). Replicas are changed for every such kind; container"
                + " resources through the pod template for Deployment, StatefulSet, ReplicaSet"
                + " and Rollout, and only in place (resources.updateMethod: InPlace) for other"
                + " kinds.")
        String kind,
    @Required
        @Size(min = 1, max = 253)
        @Pattern(Formats.DNS_SUBDOMAIN)
        @JsonPropertyDescription("Name of the target, in the policy's namespace.")
        String name) {

  public static final String DEFAULT_API_VERSION = "apps/v1";
  public static final String DEFAULT_KIND = "Deployment";

  /** {@code group/version} or {@code version}; a group is a DNS subdomain, a version v1beta1. */
  static final String API_VERSION_PATTERN =
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?v[0-9]+((alpha|beta)[0-9]+)?$";

  /** A kind as Kubernetes names them: an upper-case letter, then letters and digits. */
  static final String KIND_PATTERN = "^[A-Z][A-Za-z0-9]*$";

  /** A Deployment of apps/v1 by this name. */
  public static TargetRef deployment(String name) {
    return new TargetRef(DEFAULT_API_VERSION, DEFAULT_KIND, name);
  }

  /** The API version, defaulted as the schema defaults it. */
  public String effectiveApiVersion() {
    return apiVersion == null || apiVersion.isEmpty() ? DEFAULT_API_VERSION : apiVersion;
  }

  /** The kind, defaulted as the schema defaults it. */
  public String effectiveKind() {
    return kind == null || kind.isEmpty() ? DEFAULT_KIND : kind;
  }

  /** The API group: "" for the core group. */
  public String group() {
    return groupOf(effectiveApiVersion());
  }

  /** The API group of an {@code apiVersion}: "" for the core group ({@code v1}). */
  public static String groupOf(String apiVersion) {
    int slash = apiVersion.indexOf('/');
    return slash < 0 ? "" : apiVersion.substring(0, slash);
  }

  /** Whether this is an apps/v1 Deployment, the kind Headroom reads from its own caches. */
  public boolean namesDeployment() {
    return DEFAULT_KIND.equals(effectiveKind()) && "apps".equals(group());
  }
}
