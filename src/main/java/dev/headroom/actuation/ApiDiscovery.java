package dev.headroom.actuation;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which APIs the cluster serves, from API discovery ({@code /api/v1}, {@code /apis/<group>/<v>}),
 * so that Headroom never assumes an optional API (the VPA's, KEDA's, the pod {@code resize}
 * subresource). A group version the server does not serve is an answer ("no"), not an error.
 * Answers are kept for {@code ttl}, so a CRD installed later is seen within that time.
 */
public final class ApiDiscovery {
  private final KubernetesClient client;
  private final Duration ttl;
  private final Clock clock;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(Optional<List<APIResource>> resources, Instant at) {}

  /** Discovery answers kept for a minute. */
  public ApiDiscovery(KubernetesClient client) {
    this(client, Duration.ofMinutes(1), Clock.systemUTC());
  }

  public ApiDiscovery(KubernetesClient client, Duration ttl, Clock clock) {
    this.client = client;
    this.ttl = ttl;
    this.clock = clock;
  }

  /**
   * Does the server serve {@code resource} (e.g. {@code pods/resize}, {@code
   * verticalpodautoscalers}) in {@code groupVersion} ({@code v1} for the core group)?
   */
  public boolean serves(String groupVersion, String resource) {
    return resources(groupVersion).map(names -> names.contains(resource)).orElse(false);
  }

  /** The first of {@code versions} of {@code group} in which the server serves {@code resource}. */
  public Optional<String> servedVersion(String group, String resource, List<String> versions) {
    return versions.stream().filter(v -> serves(group + "/" + v, resource)).findFirst();
  }

  /** The resource names (with subresources) of a group version, or empty when it is not served. */
  public Optional<List<String>> resources(String groupVersion) {
    return described(groupVersion).map(list -> list.stream().map(APIResource::getName).toList());
  }

  /**
   * The resource (plural) that serves {@code kind} in {@code groupVersion}, or empty when the group
   * version or the kind is not served there.
   */
  public Optional<String> resourceOf(String groupVersion, String kind) {
    return described(groupVersion)
        .flatMap(
            list ->
                list.stream()
                    .filter(r -> kind.equals(r.getKind()) && !r.getName().contains("/"))
                    .map(APIResource::getName)
                    .findFirst());
  }

  private Optional<List<APIResource>> described(String groupVersion) {
    Instant now = clock.instant();
    Cached cached = cache.get(groupVersion);
    if (cached != null && now.isBefore(cached.at().plus(ttl))) {
      return cached.resources();
    }
    Optional<List<APIResource>> fresh = fetch(groupVersion);
    cache.put(groupVersion, new Cached(fresh, now));
    return fresh;
  }

  private Optional<List<APIResource>> fetch(String groupVersion) {
    APIResourceList list;
    try {
      list = client.getApiResources(groupVersion);
    } catch (KubernetesClientException e) {
      // 404: the group version is not served. 503: it is registered (an aggregated API) but its
      // server is unavailable, which for Headroom's purposes is the same: nothing to read there.
      if (e.getCode() == 404 || e.getCode() == 503) {
        return Optional.empty();
      }
      throw e;
    }
    if (list == null || list.getResources() == null) {
      return Optional.empty();
    }
    return Optional.of(List.copyOf(list.getResources()));
  }
}
