package dev.headroom.demo;

import dev.headroom.api.v1alpha1.PerformancePolicy;
import dev.headroom.api.v1alpha1.PerformancePolicyStatus;
import dev.headroom.api.v1alpha1.PolicyCondition;
import dev.headroom.api.v1alpha1.Violation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The demo's terminal: one line per change of the target's and the policy's state, and one per new
 * Event on either, each stamped with the seconds since the loop began.
 *
 * <p>A state line is printed when anything but the measured numbers changed (load, replicas,
 * readiness, which budgets are violated and how badly, conditions, the decided replicas). The
 * numbers alone (the key budget's and the violations' observed values) move at every evaluation; a
 * change of only those is printed at most every {@link #NUMBERS_ONLY_EVERY_SECONDS} s, so the
 * output reads as a story and still shows the latency moving.
 */
final class Progress {
  static final double NUMBERS_ONLY_EVERY_SECONDS = 15;
  static final int REASON_CHARS = 90;
  static final int EVENT_CHARS = 200;

  /**
   * What the terminal shows of the loop at one moment.
   *
   * @param rps the load offered, requests per second
   * @param replicas the Deployment's spec.replicas
   * @param ready its status.readyReplicas
   * @param keyBudget the policy's status.keyBudget, or null before the first evaluation
   * @param violations the violated budgets as "budget observed>threshold Severity"
   * @param violated the violated budgets with their severity, without the numbers
   * @param metricsAvailable the MetricsAvailable condition's status, or null
   * @param budgetsMet the BudgetsMet condition's status, or null
   * @param decided status.lastDecision.replicas, or null
   * @param reason status.lastDecision.reason, shortened, or null
   */
  record Snapshot(
      double rps,
      int replicas,
      int ready,
      String keyBudget,
      List<String> violations,
      List<String> violated,
      String metricsAvailable,
      String budgetsMet,
      Integer decided,
      String reason) {

    static Snapshot of(double rps, Deployment deployment, Optional<PerformancePolicy> policy) {
      int replicas = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(0);
      int ready =
          deployment.getStatus() == null
              ? 0
              : Optional.ofNullable(deployment.getStatus().getReadyReplicas()).orElse(0);
      PerformancePolicyStatus status = policy.map(PerformancePolicy::getStatus).orElse(null);
      if (status == null) {
        return new Snapshot(
            rps, replicas, ready, null, List.of(), List.of(), null, null, null, null);
      }
      List<Violation> violations = Optional.ofNullable(status.violations()).orElse(List.of());
      return new Snapshot(
          rps,
          replicas,
          ready,
          status.keyBudget(),
          violations.stream()
              .map(v -> v.budget() + " " + v.observed() + ">" + v.threshold() + " " + v.severity())
              .toList(),
          violations.stream().map(v -> v.budget() + " " + v.severity()).toList(),
          condition(status, "MetricsAvailable"),
          condition(status, "BudgetsMet"),
          status.lastDecision() == null ? null : status.lastDecision().replicas(),
          status.lastDecision() == null ? null : shorten(status.lastDecision().reason()));
    }

    private static String condition(PerformancePolicyStatus status, String type) {
      return Optional.ofNullable(status.conditions()).orElse(List.of()).stream()
          .filter(c -> type.equals(c.type()))
          .map(PolicyCondition::status)
          .findFirst()
          .orElse(null);
    }

    /** The line for this state, without the time stamp. */
    String line() {
      return String.format(
          Locale.ROOT,
          "load %3.0f req/s | web %d/%d ready | %s | violations: %s | MetricsAvailable=%s"
              + " BudgetsMet=%s | decided %s%s",
          rps,
          ready,
          replicas,
          keyBudget == null
              ? (metricsAvailable == null ? "no status yet" : "no key budget")
              : keyBudget,
          violations.isEmpty() ? "none" : String.join(", ", violations),
          metricsAvailable == null ? "-" : metricsAvailable,
          budgetsMet == null ? "-" : budgetsMet,
          decided == null ? "-" : decided,
          reason == null ? "" : " (" + reason + ")");
    }

    /** Everything that makes a new chapter of the story: the state without the measured numbers. */
    String story() {
      return String.format(
          Locale.ROOT,
          "%.0f %d %d %s %s %s %s %s",
          rps,
          ready,
          replicas,
          violated,
          metricsAvailable,
          budgetsMet,
          decided,
          keyBudget == null);
    }
  }

  private final PrintStream out;
  private final long startedNanos;
  private final Set<String> eventsSeen = new HashSet<>();
  private Snapshot last;
  private double lastPrintedAt = Double.NEGATIVE_INFINITY;

  Progress(PrintStream out, long startedNanos) {
    this.out = out;
    this.startedNanos = startedNanos;
  }

  double seconds() {
    return (System.nanoTime() - startedNanos) / 1e9;
  }

  /** Prints {@code text} stamped with the seconds since the loop began. */
  synchronized void say(String text) {
    out.printf(Locale.ROOT, "[%4ds] %s%n", Math.round(Math.floor(seconds())), text);
    out.flush();
  }

  /** Prints the state if it changed as the class comment says; returns whether it printed. */
  synchronized boolean show(Snapshot now) {
    double at = seconds();
    boolean print;
    if (last == null || !now.story().equals(last.story())) {
      print = true;
    } else {
      print = !now.line().equals(last.line()) && at - lastPrintedAt >= NUMBERS_ONLY_EVERY_SECONDS;
    }
    if (print) {
      say(now.line());
      last = now;
      lastPrintedAt = at;
    }
    return print;
  }

  /**
   * Prints the Events on {@code kind/name} not printed yet, oldest first. An Event the apiserver
   * counts again (same object, higher count) is printed again.
   */
  synchronized void showEvents(List<Event> events, Set<String> objects) {
    List<Event> fresh = new ArrayList<>();
    for (Event e : events) {
      String object = e.getInvolvedObject().getKind() + "/" + e.getInvolvedObject().getName();
      if (objects.contains(object) && eventsSeen.add(key(e))) {
        fresh.add(e);
      }
    }
    fresh.sort(
        Comparator.comparing((Event e) -> Objects.toString(e.getLastTimestamp(), ""))
            .thenComparing(e -> Objects.toString(e.getMetadata().getCreationTimestamp(), "")));
    for (Event e : fresh) {
      say(
          "event "
              + e.getInvolvedObject().getKind()
              + "/"
              + e.getInvolvedObject().getName()
              + " "
              + e.getType()
              + " "
              + e.getReason()
              + ": "
              + shorten(e.getMessage(), EVENT_CHARS)
              + (e.getCount() != null && e.getCount() > 1 ? " (x" + e.getCount() + ")" : ""));
    }
  }

  private static String key(Event e) {
    return e.getMetadata().getUid() + "#" + e.getCount();
  }

  static String shorten(String text) {
    return shorten(text, REASON_CHARS);
  }

  static String shorten(String text, int max) {
    if (text == null) {
      return null;
    }
    String oneLine = text.strip().replaceAll("\\s+", " ");
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 3) + "...";
  }
}
