package dev.headroom.actuation;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * What a change did to a workload.
 *
 * @param target the workload as the apiserver returned it after the change
 * @param generationBefore {@code metadata.generation} before
 * @param generationAfter {@code metadata.generation} after; a changed spec bumps it
 */
public record Applied(HasMetadata target, long generationBefore, long generationAfter) {
  /** The apply changed the spec (a no-op apply leaves the generation as it was). */
  public boolean changed() {
    return generationAfter != generationBefore;
  }
}
