package dev.headroom.signals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

/** Sends a cycle's queries, a bounded number at once, and counts those that reached Prometheus. */
final class QueryRunner {
  private final PrometheusClient client;
  private final QueryThreads threads;
  private final SignalMetrics metrics;
  private int issued;

  QueryRunner(PrometheusClient client, QueryThreads threads, SignalMetrics metrics) {
    this.client = client;
    this.threads = threads;
    this.metrics = metrics;
  }

  /** Every task's outcome; a task that could not run gets a failure, nothing is thrown. */
  Map<QueryTask, QueryOutcome> run(Collection<QueryTask> tasks, Instant time) {
    Map<QueryTask, Future<PrometheusClient.Answer>> futures = new LinkedHashMap<>();
    Map<QueryTask, QueryOutcome> outcomes = new LinkedHashMap<>();
    for (QueryTask task : tasks) {
      if (futures.containsKey(task) || outcomes.containsKey(task)) {
        continue;
      }
      try {
        futures.put(
            task,
            threads
                .of(task.endpoint().url())
                .submit(() -> client.query(task.endpoint(), task.promql(), time)));
      } catch (RejectedExecutionException e) {
        outcomes.put(
            task, new QueryOutcome.Failure(SignalError.UNREACHABLE, "the signal reader is closed"));
      }
    }
    List<Map.Entry<QueryTask, Future<PrometheusClient.Answer>>> pending =
        new ArrayList<>(futures.entrySet());
    for (var entry : pending) {
      QueryOutcome outcome;
      try {
        PrometheusClient.Answer answer = entry.getValue().get();
        if (answer.attempts() > 0) {
          issued++;
        }
        outcome = answer.outcome();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        entry.getValue().cancel(true);
        outcome = new QueryOutcome.Failure(SignalError.UNREACHABLE, "interrupted");
      } catch (ExecutionException | RuntimeException e) {
        outcome =
            new QueryOutcome.Failure(
                SignalError.BAD_RESPONSE, "the query failed unexpectedly: " + e.getCause());
      }
      metrics.query(outcome);
      outcomes.put(entry.getKey(), outcome);
    }
    return outcomes;
  }

  /** Queries sent to Prometheus so far (a query refused by an open circuit is not sent). */
  int issued() {
    return issued;
  }
}
