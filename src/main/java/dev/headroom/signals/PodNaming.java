package dev.headroom.signals;

import dev.headroom.api.v1alpha1.TargetRef;
import dev.headroom.signals.promql.Re2;

/**
 * How the controller of a target names the pods it makes, as RE2 over a pod's name: the target's
 * name, a hyphen, then the generated part of its form. Generated parts use Kubernetes' safe
 * alphabet (consonants and digits without vowels, 0, 1 and 3, so no word or number is formed by
 * accident) or, for a StatefulSet, the pod's ordinal.
 *
 * <p>Within one form the name is read back from a pod's name without doubt: the generated part has
 * a fixed number of hyphens and none of its characters is a hyphen, so {@link #anyPod()} captures
 * exactly the name whose {@link #pods(String)} matches the pod. Across forms it is not (a
 * ReplicaSet {@code web-7d4b9c}'s pod {@code web-7d4b9c-24567} is also Deployment {@code web}'s
 * form), so a grouped query reads the targets of one form only, and {@link #ANY} none.
 */
enum PodNaming {
  /**
   * Deployment (apps) and Argo Rollout (argoproj.io): {@code <name>-<pod-template-hash>-<suffix>},
   * the hash up to 10 characters, the suffix 5.
   */
  HASH_AND_SUFFIX(Forms.HASH_AND_SUFFIX),
  /** StatefulSet (apps): {@code <name>-<ordinal>}, the ordinal a decimal without leading zeros. */
  ORDINAL(Forms.ORDINAL),
  /** ReplicaSet (apps) and ReplicationController (core): {@code <name>-<suffix>}, 5 characters. */
  SUFFIX(Forms.SUFFIX),
  /**
   * Any other kind, a custom resource whose operator makes the pods: any of the three forms above.
   * Never read in a grouped query, where one pod could be claimed by two names.
   */
  ANY("(?:" + Forms.HASH_AND_SUFFIX + "|" + Forms.SUFFIX + "|" + Forms.ORDINAL + ")");

  /** The forms, after the name's hyphen. */
  private static final class Forms {
    static final String SAFE = "[bcdfghjklmnpqrstvwxz2456789]";
    static final String HASH_AND_SUFFIX = SAFE + "{1,10}-" + SAFE + "{5}";
    static final String ORDINAL = "(?:0|[1-9][0-9]*)";
    static final String SUFFIX = SAFE + "{5}";
  }

  private final String generated;

  PodNaming(String generated) {
    this.generated = "-" + generated;
  }

  /** The naming of the kind {@code ref} names (a Deployment's when there is no reference). */
  static PodNaming of(TargetRef ref) {
    return ref == null ? HASH_AND_SUFFIX : of(ref.group(), ref.effectiveKind());
  }

  /**
   * @param group the kind's API group, "" for the core group
   */
  static PodNaming of(String group, String kind) {
    return switch (group + "/" + kind) {
      case "apps/Deployment", "argoproj.io/Rollout" -> HASH_AND_SUFFIX;
      case "apps/StatefulSet" -> ORDINAL;
      case "apps/ReplicaSet", "/ReplicationController" -> SUFFIX;
      default -> ANY;
    };
  }

  /** Matches exactly the names of the pods of the target {@code name} (its name quoted). */
  String pods(String name) {
    return Re2.quote(name) + generated;
  }

  /** Whether a grouped query can tell this naming's targets apart by {@link #anyPod()}. */
  boolean batchable() {
    return this != ANY;
  }

  /**
   * Matches any pod of this naming and captures its target's name as {@code $1}.
   *
   * @throws IllegalStateException for {@link #ANY}, whose pods' names do not name one target
   */
  String anyPod() {
    if (!batchable()) {
      throw new IllegalStateException("pods of any form can not be told apart in a grouped query");
    }
    return "(.+)" + generated;
  }
}
