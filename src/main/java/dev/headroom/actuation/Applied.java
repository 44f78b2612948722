package dev.headroom.actuation;

import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * What a server-side apply did to a Deployment.
 *
 * @param deployment the Deployment as the apiserver returned it after the apply
 * @param generationBefore {@code metadata.generation} before
 * @param generationAfter {@code metadata.generation} after; a changed spec bumps it
 */
public record Applied(Deployment deployment, long generationBefore, long generationAfter) {
  /** The apply changed the spec (a no-op apply leaves the generation as it was). */
  public boolean changed() {
    return generationAfter != generationBefore;
  }
}
