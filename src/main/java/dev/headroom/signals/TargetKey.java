package dev.headroom.signals;

/**
 * The values that identify one target's series under a {@link TargetIdentity}: the namespace and
 * the target's name (or the values a policy's {@code matchLabels} set for those labels). A key is
 * only compared within one family, whose identity fixes how pods are named: a Deployment and a
 * StatefulSet of the same name are the same key in different families, never in one grouped query.
 */
record TargetKey(String namespace, String target) {}
