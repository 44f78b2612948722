package dev.headroom.engine;

/**
 * How the target's new pods start: together, or one at a time. A Deployment, a ReplicaSet and a
 * StatefulSet with {@code podManagementPolicy: Parallel} start every new pod at once, so k new pods
 * serve about one start-up after they are asked for. A StatefulSet with {@code podManagementPolicy:
 * OrderedReady} (Kubernetes' default) creates pod N + 1 only once pod N is Running and Ready, so
 * the last of k new pods serves about k start-ups later, and removes pods one at a time from the
 * highest ordinal.
 */
public enum PodStartup {
  /** New pods start together. */
  PARALLEL,
  /** New pods start one at a time, each once the one before it is Ready. */
  ORDERED
}
