package dev.headroom.signals;

import dev.headroom.signals.promql.Re2;

/**
 * How a Deployment's pods are named, as RE2: {@code <deployment>-<pod-template-hash>-<suffix>},
 * both parts from Kubernetes' safe alphabet (consonants and digits without vowels, 0, 1 and 3, so
 * no word or number is formed by accident): the hash up to 10 characters, the suffix 5.
 */
final class PodNames {
  private static final String SAFE = "[bcdfghjklmnpqrstvwxz2456789]";
  private static final String GENERATED = "-" + SAFE + "{1,10}-" + SAFE + "{5}";

  private PodNames() {}

  /** Matches exactly the pods of Deployment {@code name}. */
  static String deploymentPods(String name) {
    return Re2.quote(name) + GENERATED;
  }

  /** Matches any Deployment's pod and captures the Deployment's name as {@code $1}. */
  static String anyDeploymentPod() {
    return "(.+)" + GENERATED;
  }
}
