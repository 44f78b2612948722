package dev.headroom.runtime;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a follower last saw of the Lease another replica held, so that when it takes over it knows
 * since when nobody has evaluated the policies: a policy whose slot passed in that gap is evaluated
 * at once instead of an interval later. The Java Operator SDK's elector keeps the record it took
 * over to itself, so the follower reads the Lease on its own, once a retry period (one GET, the
 * verb the election already needs).
 */
final class LeaseHistory implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LeaseHistory.class);

  /**
   * The Lease as last read while another replica held it (or nobody did).
   *
   * @param holder the holder's identity; empty when the Lease was released
   * @param renewTime its last renewal, or the release
   */
  record Seen(String holder, Instant renewTime) {}

  private final KubernetesClient client;
  private final LeaderElection election;
  private final AtomicReference<Seen> last = new AtomicReference<>();
  private final AtomicBoolean leading = new AtomicBoolean();
  private final ScheduledExecutorService poller =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "headroom-lease-history");
            thread.setDaemon(true);
            return thread;
          });

  LeaseHistory(KubernetesClient client, LeaderElection election) {
    this.client = client;
    this.election = election;
  }

  void start() {
    long period = election.retryPeriod().toMillis();
    poller.scheduleWithFixedDelay(this::read, 0, period, TimeUnit.MILLISECONDS);
  }

  /** From now on this replica holds the Lease: what was seen before is what it took over. */
  void leading(boolean leading) {
    this.leading.set(leading);
  }

  /** Since when nobody has evaluated, as far as this replica saw; empty if it saw no holder. */
  Optional<Instant> unattendedSince() {
    return Optional.ofNullable(last.get()).map(seen -> unattendedSince(seen, election));
  }

  /**
   * A released Lease was released after its holder stopped evaluating: from its renewal on. A
   * holder that vanished was alive at its last renewal seen, renewed at most a retry period after
   * what this replica saw, and evaluated up to a retry period after that: from two retry periods
   * on. Slots within those two periods may have been missed and wait for their next turn, rather
   * than be evaluated twice.
   */
  static Instant unattendedSince(Seen seen, LeaderElection election) {
    return seen.holder().isEmpty()
        ? seen.renewTime()
        : seen.renewTime().plus(election.retryPeriod().multipliedBy(2));
  }

  private void read() {
    if (leading.get()) {
      return;
    }
    try {
      Lease lease =
          client
              .resources(Lease.class)
              .inNamespace(election.leaseNamespace())
              .withName(election.leaseName())
              .get();
      LeaseSpec spec = lease == null ? null : lease.getSpec();
      if (spec == null || spec.getRenewTime() == null) {
        return;
      }
      String holder = spec.getHolderIdentity() == null ? "" : spec.getHolderIdentity();
      // Its own record is this replica's acquisition, read before the elector said so.
      if (!holder.equals(election.identity()) && !leading.get()) {
        last.set(new Seen(holder, spec.getRenewTime().toInstant()));
      }
    } catch (RuntimeException e) {
      // The elector reports an unreachable apiserver; an old observation only costs catch-ups.
      LOG.debug("reading Lease {}: {}", election.leaseName(), e.toString());
    }
  }

  @Override
  public void close() {
    poller.shutdownNow();
  }
}
