package dev.headroom.testing.nodes;

import dev.headroom.testing.process.JavaCommand;
import io.fabric8.kubernetes.api.model.Container;
import java.util.List;
import java.util.Optional;

/**
 * Which local program a process-backed node runs for a container image: there is no registry and no
 * runtime, so an image is a name for a program of the test tree. An image not listed cannot be
 * "pulled": the pod waits with {@code ErrImagePull}, as under a kubelet.
 *
 * <table>
 *   <caption>Images</caption>
 *   <tr><th>image (any tag)</th><th>program</th></tr>
 *   <tr><td>{@value #SAMPLE_SERVICE}</td><td>{@code testing.service.SampleService} in a JVM of
 *   its own (heap {@code JAVA_MAX_HEAP}, default 32m)</td></tr>
 * </table>
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

  /** The kubelet's message for an image it could not pull. */
  static String pullError(Container container) {
    return "Failed to pull image \""
        + container.getImage()
        + "\": no program stands for this image on a process-backed node (see ImageTable)";
  }
}
