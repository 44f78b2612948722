package dev.headroom.runtime;

import dev.headroom.reconciler.Shard;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How replicas of the operator elect the one that acts: a {@code coordination.k8s.io/v1} Lease.
 *
 * @param leaseName the Lease's name
 * @param leaseNamespace the Lease's namespace; required, because outside a pod nothing names it
 * @param identity this replica's name in the Lease's {@code holderIdentity}; unique per replica
 * @param leaseDuration how long followers wait after the last renewal before taking over
 * @param renewDeadline how long the leader keeps retrying a renewal before it gives up leading
 * @param retryPeriod how often the leader renews and followers try to acquire
 * @param exitOnLostLease on losing the Lease to another replica, exit the process (status 1) so the
 *     pod restarts as a follower; when false the operator only stops, which tests need so their JVM
 *     survives
 */
public record LeaderElection(
    String leaseName,
    String leaseNamespace,
    String identity,
    Duration leaseDuration,
    Duration renewDeadline,
    Duration retryPeriod,
    boolean exitOnLostLease) {
  public static final String DEFAULT_LEASE_NAME = "headroom-operator-lock";

  // The Java Operator SDK's defaults, which are client-go's.
  public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
  public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
  public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);

  public LeaderElection {
    requireName("lease name", leaseName);
    requireName(
        "lease namespace (HEADROOM_LEASE_NAMESPACE; in a pod, the pod's metadata.namespace)",
        leaseNamespace);
    requireName("identity", identity);
    Objects.requireNonNull(leaseDuration, "leaseDuration");
    Objects.requireNonNull(renewDeadline, "renewDeadline");
    Objects.requireNonNull(retryPeriod, "retryPeriod");
    if (retryPeriod.isNegative() || retryPeriod.isZero()) {
      throw new IllegalArgumentException("the retry period must be positive, got " + retryPeriod);
    }
    // client-go's rules: a leader must give up before its Lease can expire under it, and it must
    // get more than one renewal attempt before giving up.
    if (renewDeadline.compareTo(leaseDuration) >= 0) {
      throw new IllegalArgumentException(
          "the renew deadline ("
              + renewDeadline
              + ") must be shorter than the lease duration ("
              + leaseDuration
              + ")");
    }
    if (retryPeriod.compareTo(renewDeadline) >= 0) {
      throw new IllegalArgumentException(
          "the retry period ("
              + retryPeriod
              + ") must be shorter than the renew deadline ("
              + renewDeadline
              + ")");
    }
  }

  /** The production settings: default name and durations, exit when the Lease is lost. */
  public static LeaderElection inNamespace(String leaseNamespace, String identity) {
    return new LeaderElection(
        DEFAULT_LEASE_NAME,
        leaseNamespace,
        identity,
        DEFAULT_LEASE_DURATION,
        DEFAULT_RENEW_DEADLINE,
        DEFAULT_RETRY_PERIOD,
        true);
  }

  public LeaderElection withDurations(
      Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    return new LeaderElection(
        leaseName,
        leaseNamespace,
        identity,
        leaseDuration,
        renewDeadline,
        retryPeriod,
        exitOnLostLease);
  }

  /**
   * The election among one shard's replicas: its own Lease, named {@code <leaseName>-shard-<i>}, so
   * that the shards' acting replicas are elected independently and the death of one shard's leader
   * hands over that shard alone. Unchanged for {@link Shard#ALL}, whose Lease keeps its name.
   */
  public LeaderElection forShard(Shard shard) {
    if (!shard.isSplit()) {
      return this;
    }
    return new LeaderElection(
        leaseName + "-shard-" + shard.index(),
        leaseNamespace,
        identity,
        leaseDuration,
        renewDeadline,
        retryPeriod,
        exitOnLostLease);
  }

  public LeaderElection withExitOnLostLease(boolean exit) {
    return new LeaderElection(
        leaseName, leaseNamespace, identity, leaseDuration, renewDeadline, retryPeriod, exit);
  }

  /**
   * An identity for a replica not given one (outside a pod): the host name alone would be shared by
   * two instances on one machine, and two holders of one identity would both think they lead.
   */
  public static String defaultIdentity() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = Objects.requireNonNullElse(System.getenv("HOSTNAME"), "headroom");
    }
    return host + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 40);
  }

  private static void requireName(String what, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("leader election needs a " + what);
    }
  }
}
