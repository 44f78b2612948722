package dev.headroom.actuation;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.Set;

/**
 * A kind the cluster serves with a {@code scale} subresource, as discovery resolved it: the
 * resource (plural) behind {@code apiVersion}/{@code kind}.
 *
 * @param group the API group, "" for the core group
 */
public record ScalableResource(String group, String version, String kind, String plural) {
  /** The Deployments of apps/v1. */
  public static final ScalableResource DEPLOYMENT =
      new ScalableResource("apps", "v1", "Deployment", "deployments");

  private static final Set<String> APPS_WORKLOADS =
      Set.of("Deployment", "StatefulSet", "ReplicaSet");

  /** {@code group/version}, or {@code version} for the core group. */
  public String apiVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }

  /** E.g. {@code apps/v1 StatefulSet}. */
  public String describe() {
    return apiVersion() + " " + kind;
  }

  /** Where its pod template is, and how Headroom may change it. */
  public TemplateAccess templateAccess() {
    if (builtIn()) {
      return TemplateAccess.SERVER_SIDE_APPLY;
    }
    if ("argoproj.io".equals(group) && "Rollout".equals(kind)) {
      return TemplateAccess.JSON_PATCH;
    }
    return TemplateAccess.NONE;
  }

  /**
   * A built-in workload kind: its replicas are set by server-side apply of {@code spec.replicas},
   * like its resources. Other kinds' replicas are set through the {@code scale} subresource, the
   * one path every scalable kind shares whatever its schema calls the field.
   */
  public boolean builtIn() {
    return ("apps".equals(group) && APPS_WORKLOADS.contains(kind))
        || (group.isEmpty() && "ReplicationController".equals(kind));
  }

  /** A StatefulSet, whose pods start one at a time unless its podManagementPolicy is Parallel. */
  public boolean isStatefulSet() {
    return "apps".equals(group) && "StatefulSet".equals(kind);
  }

  public ResourceDefinitionContext context() {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
