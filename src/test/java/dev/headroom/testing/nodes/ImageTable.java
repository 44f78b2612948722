package dev.headroom.testing.nodes;

import dev.headroom.testing.process.JavaCommand;
import io.fabric8.kubernetes.api.model.Container;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which local program a process-backed node runs for a container image: there is no registry and no
 * runtime, so an image is a name for a program of the test tree. An image not listed cannot be
 * "pulled": the pod waits with {@code ErrImagePull}, as under a kubelet.
 *
 * <table>
 *   <caption>Images</caption>
 *   <tr><th>image (any tag)</th><th>program</th><th>environment of the image</th></tr>
 *   <tr><td>{@value #SAMPLE_SERVICE}</td><td>{@code testing.service.SampleService} in a JVM of
 *   its own (heap {@code JAVA_MAX_HEAP}, default 32m)</td><td>{@code
 *   MALLOC_MMAP_THRESHOLD_=131072}</td></tr>
 * </table>
 *
 * <p>The sample service's memory is the requests it holds in flight. glibc would keep what they
 * free: past its first free of a large block it raises its mmap threshold, so later blocks come
 * from per-thread arenas that are not given back, and a pod's working set would ratchet up to
 * threads × the memory per request (seen: 190 MiB in pods holding about 120 MiB of requests, so no
 * memory limit stopped the OOM kills). A fixed threshold, as an image's {@code ENV} would set it,
 * maps each request's block on its own and unmaps it when the request is answered.
 */
public final class ImageTable {
  public static final String SAMPLE_SERVICE = "headroom.dev/sample-service";

  private ImageTable() {}

  /** The command for the container's image, or empty when no program stands for it. */
  static Optional<List<String>> command(Container container) {
    String image = container.getImage() == null ? "" : container.getImage();
    String name = image.replaceFirst("[:@].*$", "");
    if (SAMPLE_SERVICE.equals(name)) {
      String heap =
          container.getEnv() == null
              ? "32m"
              : container.getEnv().stream()
                  .filter(e -> "JAVA_MAX_HEAP".equals(e.getName()) && e.getValue() != null)
                  .map(e -> e.getValue())
                  .findFirst()
                  .orElse("32m");
      return Optional.of(JavaCommand.of("dev.headroom.testing.service.SampleService", heap));
    }
    return Optional.empty();
  }

  /** What the image sets in its environment, under the container's own {@code env}. */
  static Map<String, String> environment(Container container) {
    return command(container).isPresent() ? Map.of("MALLOC_MMAP_THRESHOLD_", "131072") : Map.of();
  }

  /** The kubelet's message for an image it could not pull. */
  static String pullError(Container container) {
    return "Failed to pull image \""
        + container.getImage()
        + "\": no program stands for this image on a process-backed node (see ImageTable)";
  }
}
