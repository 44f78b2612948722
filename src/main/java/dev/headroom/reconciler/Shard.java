package dev.headroom.reconciler;

/**
 * Which policies this operator process evaluates when the policies are split across several: shard
 * {@code index} of {@code count} owns a policy when the stable hash of its {@code namespace/name}
 * falls in it. The hash is 64-bit FNV-1a over the UTF-8 bytes, taken modulo {@code count} as an
 * unsigned number: the same in every JVM and every release, so that two processes with the same
 * count never disagree on an owner.
 *
 * @param index this process's shard, from 0
 * @param count how many shards the policies are split into; 1 when they are not
 */
public record Shard(int index, int count) {
  /** Every policy: one operator (or one elected replica) for all of them. */
  public static final Shard ALL = new Shard(0, 1);

  /**
   * @throws IllegalArgumentException for a count below 1 or an index outside {@code [0, count)}
   */
  public Shard {
    if (count < 1) {
      throw new IllegalArgumentException("the number of shards must be at least 1, got " + count);
    }
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "the shard index must be from 0 to "
              + (count - 1)
              + " with "
              + count
              + " shards, got "
              + index);
    }
  }

  /** Whether this shard evaluates the policy {@code namespace/name}. */
  public boolean owns(String namespace, String name) {
    return count == 1 || of(namespace, name, count) == index;
  }

  /** The shard, of {@code count}, that owns the policy {@code namespace/name}. */
  public static int of(String namespace, String name, int count) {
    return (int) Long.remainderUnsigned(EvaluationSchedule.fnv1a(namespace + "/" + name), count);
  }

  public boolean isSplit() {
    return count > 1;
  }

  @Override
  public String toString() {
    return "shard " + index + " of " + count;
  }
}
