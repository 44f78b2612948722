package dev.headroom.signals;

/**
 * The values that identify one target's series under a {@link TargetIdentity}: the namespace and
 * the target's name (or the values a policy's {@code matchLabels} set for those labels).
 */
record TargetKey(String namespace, String target) {}
