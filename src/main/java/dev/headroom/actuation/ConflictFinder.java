package dev.headroom.actuation;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.TargetRef;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.autoscaling.v1.CrossVersionObjectReference;
import io.fabric8.kubernetes.api.model.autoscaling.v1.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds the other owners of a policy's target: HPAs (read through {@code autoscaling/v2} where
 * served, 1.23 and later, else {@code autoscaling/v1}, which every version serves), VPAs ({@code
 * autoscaling.k8s.io}) and KEDA ScaledObjects ({@code keda.sh}) where discovery shows their APIs
 * are served (absent APIs are no conflict, not an error), and an older PerformancePolicy on the
 * same target: of two policies, the one created first (then the one whose name sorts first) keeps
 * the target, the other reports the conflict.
 *
 * <p>HPAs, VPAs and ScaledObjects are read from watch-backed caches, one per kind and namespace,
 * started when a policy of that namespace is first checked ({@link WatchedLists}): an owner created
 * a moment ago is seen at the next evaluation. {@link #close()} stops the caches.
 */
public final class ConflictFinder implements AutoCloseable {
  static final String HPA_V2 = "autoscaling/v2";
  static final String HPA_PLURAL = "horizontalpodautoscalers";
  static final String HPA_KIND = "HorizontalPodAutoscaler";
  static final String VPA_GROUP = "autoscaling.k8s.io";
  static final String VPA_PLURAL = "verticalpodautoscalers";
  static final List<String> VPA_VERSIONS = List.of("v1", "v1beta2");
  static final String KEDA_GROUP = "keda.sh";
  static final String KEDA_PLURAL = "scaledobjects";
  static final List<String> KEDA_VERSIONS = List.of("v1alpha1");

  private final KubernetesClient client;
  private final ApiDiscovery discovery;
  private final WatchedLists watched = new WatchedLists();

  public ConflictFinder(KubernetesClient client, ApiDiscovery discovery) {
    this.client = client;
    this.discovery = discovery;
  }

  /** The other owners, listing the PerformancePolicies of the namespace from the apiserver. */
  public Conflicts find(PerformancePolicy policy) {
    String ns = policy.getMetadata().getNamespace();
    return find(
        policy, client.resources(PerformancePolicy.class).inNamespace(ns).list().getItems());
  }

  /**
   * The other owners, with the namespace's PerformancePolicies given (e.g. from an informer's
   * cache; the policy itself may be among them).
   */
  public Conflicts find(PerformancePolicy policy, Collection<PerformancePolicy> policies) {
    String ns = policy.getMetadata().getNamespace();
    TargetRef target = targetRef(policy).orElse(null);
    if (target == null) {
      return Conflicts.none();
    }
    List<OtherOwner> owners = new ArrayList<>(horizontalPodAutoscalers(ns, target));
    owners.addAll(
        custom(
            ns, target, VPA_GROUP, VPA_PLURAL, VPA_VERSIONS, "VerticalPodAutoscaler", "targetRef"));
    owners.addAll(
        custom(
            ns, target, KEDA_GROUP, KEDA_PLURAL, KEDA_VERSIONS, "ScaledObject", "scaleTargetRef"));
    olderPolicy(policy, policies).ifPresent(owners::add);
    return new Conflicts(owners);
  }

  private List<OtherOwner> horizontalPodAutoscalers(String ns, TargetRef target) {
    List<OtherOwner> owners = new ArrayList<>();
    if (discovery.serves(HPA_V2, HPA_PLURAL)) {
      var hpas = client.autoscaling().v2().horizontalPodAutoscalers().inNamespace(ns);
      for (io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler hpa :
          watched.list(HPA_V2, ns, () -> hpas, () -> hpas.list().getItems())) {
        var ref = hpa.getSpec() == null ? null : hpa.getSpec().getScaleTargetRef();
        if (ref != null && refersTo(ref.getApiVersion(), ref.getKind(), ref.getName(), target)) {
          owners.add(new OtherOwner(HPA_KIND, HPA_V2, name(hpa.getMetadata())));
        }
      }
      return owners;
    }
    var hpas = client.autoscaling().v1().horizontalPodAutoscalers().inNamespace(ns);
    for (HorizontalPodAutoscaler hpa :
        watched.list("autoscaling/v1", ns, () -> hpas, () -> hpas.list().getItems())) {
      CrossVersionObjectReference ref =
          hpa.getSpec() == null ? null : hpa.getSpec().getScaleTargetRef();
      if (ref != null && refersTo(ref.getApiVersion(), ref.getKind(), ref.getName(), target)) {
        owners.add(new OtherOwner(HPA_KIND, "autoscaling/v1", name(hpa.getMetadata())));
      }
    }
    return owners;
  }

  private List<OtherOwner> custom(
      String ns,
      TargetRef target,
      String group,
      String plural,
      List<String> versions,
      String kind,
      String refField) {
    Optional<String> version = discovery.servedVersion(group, plural, versions);
    if (version.isEmpty()) {
      // Its CRD is gone (or never was): a cache of it would only retry its watch and log.
      versions.forEach(v -> watched.forget(group + "/" + v + "/" + plural));
      return List.of();
    }
    ResourceDefinitionContext context =
        new ResourceDefinitionContext.Builder()
            .withGroup(group)
            .withVersion(version.get())
            .withPlural(plural)
            .withKind(kind)
            .withNamespaced(true)
            .build();
    List<OtherOwner> owners = new ArrayList<>();
    var objects = client.genericKubernetesResources(context).inNamespace(ns);
    for (GenericKubernetesResource r :
        watched.list(
            group + "/" + version.get() + "/" + plural,
            ns,
            () -> objects,
            () -> objects.list().getItems())) {
      String refApiVersion = r.get("spec", refField, "apiVersion");
      String refKind = r.get("spec", refField, "kind");
      String refName = r.get("spec", refField, "name");
      // KEDA defaults scaleTargetRef's kind to Deployment and apiVersion to apps/v1.
      if (refKind == null && "ScaledObject".equals(kind)) {
        refKind = "Deployment";
        refApiVersion = refApiVersion == null ? "apps/v1" : refApiVersion;
      }
      if (refersTo(refApiVersion, refKind, refName, target)) {
        owners.add(new OtherOwner(kind, group + "/" + version.get(), name(r.getMetadata())));
      }
    }
    return owners;
  }

  /** Stops the watch-backed caches. */
  @Override
  public void close() {
    watched.close();
  }

  /**
   * Does a reference (an HPA's or ScaledObject's {@code scaleTargetRef}, a VPA's {@code targetRef})
   * name {@code target}? Same kind and name, and the same API group when the reference gives one;
   * the version may differ (an HPA naming apps/v1beta2 still scales the apps/v1 object).
   */
  static boolean refersTo(String apiVersion, String kind, String name, TargetRef target) {
    if (!target.effectiveKind().equals(kind) || !target.name().equals(name)) {
      return false;
    }
    if (apiVersion == null) {
      return true;
    }
    String group = TargetRef.groupOf(apiVersion);
    // Deployments, ReplicaSets and StatefulSets were once served by extensions too.
    return group.equals(target.group())
        || ("extensions".equals(group) && "apps".equals(target.group()));
  }

  /**
   * The policy that keeps the target from {@code policy}: the oldest other live policy on the same
   * target, if it is older than {@code policy} (created earlier; at the same second, the name that
   * sorts first). Pure.
   */
  public static Optional<OtherOwner> olderPolicy(
      PerformancePolicy policy, Collection<PerformancePolicy> policies) {
    Optional<TargetRef> target = targetRef(policy);
    if (target.isEmpty()) {
      return Optional.empty();
    }
    Comparator<PerformancePolicy> age =
        Comparator.comparing(ConflictFinder::created).thenComparing(p -> p.getMetadata().getName());
    return policies.stream()
        .filter(p -> !sameObject(p, policy))
        .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
        .filter(
            p ->
                Objects.equals(p.getMetadata().getNamespace(), policy.getMetadata().getNamespace()))
        .filter(
            p ->
                targetRef(p)
                    .map(ConflictFinder::identity)
                    .equals(target.map(ConflictFinder::identity)))
        .filter(p -> age.compare(p, policy) < 0)
        .min(age)
        .map(
            p ->
                new OtherOwner(
                    "PerformancePolicy", "headroom.dev/v1alpha1", p.getMetadata().getName()));
  }

  private static boolean sameObject(PerformancePolicy a, PerformancePolicy b) {
    String ua = a.getMetadata().getUid();
    String ub = b.getMetadata().getUid();
    if (ua != null && ub != null) {
      return ua.equals(ub);
    }
    return Objects.equals(a.getMetadata().getName(), b.getMetadata().getName());
  }

  /** A policy not yet stored has no creation time: it counts as newest. */
  private static Instant created(PerformancePolicy p) {
    String ts = p.getMetadata().getCreationTimestamp();
    return ts == null ? Instant.MAX : Instant.parse(ts);
  }

  /** The workload a policy targets, if it names one. */
  private static Optional<TargetRef> targetRef(PerformancePolicy policy) {
    if (policy.getSpec() == null
        || policy.getSpec().targetRef() == null
        || policy.getSpec().targetRef().name() == null) {
      return Optional.empty();
    }
    return Optional.of(policy.getSpec().targetRef());
  }

  /** Group, kind and name: what makes two references name the same object. */
  private static String identity(TargetRef ref) {
    return ref.group() + "/" + ref.effectiveKind() + "/" + ref.name();
  }

  private static String name(ObjectMeta meta) {
    return meta.getName();
  }
}
