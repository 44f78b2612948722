package dev.headroom.signals;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads, in one cycle, the signals of every policy that falls due at the same instant, before their
 * evaluations ask: an evaluation that was {@link #expect expected} {@link #take takes} its share of
 * that cycle instead of sending its own queries. Policies are grouped by endpoint and each group is
 * read on its own thread, so a slow or failing endpoint delays only the policies that read from it;
 * inside a group, a policy's own failure (a bad query, a missing series) stays in its own {@link
 * MetricsStatus}, as in any {@link SignalReader#readCycle cycle}.
 *
 * <p>Nothing here decides when a policy falls due: the reconciler's schedule does, and puts the
 * policies that share a slot on the same instant.
 */
public final class ReadAhead implements AutoCloseable {
  /** Endpoint groups read at once; more wait for a free thread. */
  static final int GROUPS_IN_FLIGHT = 8;

  /** Reads nobody expected are gathered for this long. */
  static final Duration TICK = Duration.ofMillis(250);

  /** The end of the {@link #TICK} that {@code now} is in: when a read asked for now is made. */
  public static Instant nextTick(Instant now) {
    long tick = TICK.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), tick) * tick + tick);
  }

  private final SignalReader reader;
  private final InstantSource clock;
  private final ScheduledExecutorService timer;
  private final ExecutorService groups;

  /** Per due instant, the policies to read then; guarded by {@code this}. */
  private final Map<Instant, Map<PolicyId, Expected>> due = new HashMap<>();

  /** Per policy, its one expected read, done or not. */
  private final Map<PolicyId, Expected> expected = new ConcurrentHashMap<>();

  private record Expected(Instant at, PolicyTarget target, CompletableFuture<PolicySignals> read) {}

  public ReadAhead(SignalReader reader, InstantSource clock) {
    this.reader = reader;
    this.clock = clock;
    this.timer = Executors.newSingleThreadScheduledExecutor(daemons("headroom-read-ahead"));
    this.groups = Executors.newFixedThreadPool(GROUPS_IN_FLIGHT, daemons("headroom-read-group"));
  }

  /**
   * Reads {@code target}'s signals at {@code at} with every other policy expected then; replaces an
   * earlier expectation of the same policy that has not been read yet.
   */
  public synchronized void expect(PolicyTarget target, Instant at) {
    Expected before = expected.get(target.id());
    if (before != null && !before.read().isDone()) {
      Map<PolicyId, Expected> slot = due.get(before.at());
      if (slot != null) {
        slot.remove(target.id());
      }
    }
    Expected mine = new Expected(at, target, new CompletableFuture<>());
    expected.put(target.id(), mine);
    Map<PolicyId, Expected> slot = due.get(at);
    if (slot == null) {
      slot = new LinkedHashMap<>();
      due.put(at, slot);
      long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
      timer.schedule(() -> read(at), delay, TimeUnit.MILLISECONDS);
    }
    slot.put(target.id(), mine);
  }

  /**
   * The signals read ahead for this evaluation of {@code target}: present when it was expected at
   * an instant no later than a second from now and no older than {@code maxAge}, for the same spec
   * and endpoint. Waits up to {@code wait} for a read still in flight; empty otherwise (the caller
   * then reads on its own). An expectation is taken once.
   */
  public Optional<PolicySignals> take(
      PolicyTarget target, Instant now, Duration maxAge, Duration wait) {
    Expected mine = expected.get(target.id());
    if (mine == null
        || now.isBefore(mine.at().minusSeconds(1))
        || Duration.between(mine.at(), now).compareTo(maxAge) > 0) {
      return Optional.empty();
    }
    expected.remove(target.id(), mine);
    if (!mine.target().equals(target)) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(mine.read().get(wait.toMillis(), TimeUnit.MILLISECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    } catch (ExecutionException | TimeoutException e) {
      return Optional.empty();
    }
  }

  /** Drops the policy's expectation (it was deleted). */
  public synchronized void forget(PolicyId id) {
    Expected before = expected.remove(id);
    if (before != null) {
      Map<PolicyId, Expected> slot = due.get(before.at());
      if (slot != null) {
        slot.remove(id);
      }
    }
  }

  /** Policies expected but not yet taken: a bound check for tests and the operator's metrics. */
  public int pending() {
    return expected.size();
  }

  private void read(Instant at) {
    Map<PolicyId, Expected> slot;
    synchronized (this) {
      slot = due.remove(at);
    }
    if (slot == null || slot.isEmpty()) {
      return;
    }
    Map<EndpointConfig, List<Expected>> byEndpoint = new LinkedHashMap<>();
    slot.values()
        .forEach(
            e -> byEndpoint.computeIfAbsent(e.target().endpoint(), k -> new ArrayList<>()).add(e));
    byEndpoint.values().forEach(group -> groups.execute(() -> readGroup(group, at)));
  }

  private void readGroup(List<Expected> group, Instant at) {
    try {
      CycleResult result = reader.readCycle(group.stream().map(Expected::target).toList(), at);
      group.forEach(e -> e.read().complete(result.policy(e.target().id()).orElse(null)));
    } catch (RuntimeException e) {
      group.forEach(mine -> mine.read().completeExceptionally(e));
    }
    // Reads nobody took (the policy was evaluated early by an event, or deleted) are dropped a
    // while later so the map stays as large as the set of policies.
    expected
        .values()
        .removeIf(e -> e.read().isDone() && e.at().isBefore(at.minus(Duration.ofMinutes(10))));
  }

  @Override
  public void close() {
    timer.shutdownNow();
    groups.shutdownNow();
  }

  private static ThreadFactory daemons(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
