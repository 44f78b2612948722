package dev.headroom.signals;

import dev.headroom.signals.promql.LabelName;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The queries of one cycle. Policies demand (endpoint, family, target); equal demands of many
 * targets become one grouped query when batching is on and the family's identity can tell them
 * apart ({@link TargetIdentity#batchable()}), else one query per target. A grouped query Prometheus
 * refuses (a bad regex in one policy's matchLabels, say) is asked again per target, so one policy's
 * mistake never costs the others their signals. A grouped query the backend refuses at a query-size
 * limit is split in two by namespace and each half asked again, down to one namespace, then per
 * target: only a target whose own query is too large is left without a value.
 */
final class CyclePlan {
  private record GroupKey(EndpointConfig endpoint, Family family) {}

  private final SignalSettings settings;
  private final Map<GroupKey, Set<TargetKey>> groups = new LinkedHashMap<>();
  private final Set<QueryTask> templates = new LinkedHashSet<>();

  /** A group's grouped queries, by the targets each answers (one, or more after a split). */
  private final Map<GroupKey, Map<QueryTask, Set<TargetKey>>> batches = new HashMap<>();

  private final Map<GroupKey, Map<TargetKey, QueryTask>> singles = new HashMap<>();
  private final Map<GroupKey, Slice.Failed> unbuildable = new HashMap<>();
  private final Map<QueryTask, QueryOutcome> outcomes = new HashMap<>();
  private final Map<QueryTask, Map<TargetKey, List<SeriesSample>>> indexes = new HashMap<>();

  CyclePlan(SignalSettings settings) {
    this.settings = settings;
  }

  void demand(EndpointConfig endpoint, Family family, TargetKey target) {
    groups.computeIfAbsent(new GroupKey(endpoint, family), k -> new LinkedHashSet<>()).add(target);
  }

  void demandTemplate(EndpointConfig endpoint, String query) {
    templates.add(new QueryTask(endpoint, query, List.of()));
  }

  /** The first round: one task per group (batched) or per target, and the templates. */
  List<QueryTask> firstRound() {
    Set<QueryTask> tasks = new LinkedHashSet<>();
    groups.forEach(
        (group, targets) -> {
          try {
            if (settings.batching()
                && targets.size() > 1
                && group.family().identity().batchable()) {
              QueryTask task = batchTask(group, targets);
              batches.computeIfAbsent(group, g -> new LinkedHashMap<>()).put(task, targets);
              tasks.add(task);
            } else {
              tasks.addAll(singleTasks(group, targets));
            }
          } catch (RuntimeException e) {
            unbuildable.put(
                group,
                new Slice.Failed(
                    SignalError.INVALID_SPEC, "cannot build the query: " + e.getMessage()));
          }
        });
    tasks.addAll(templates);
    return new ArrayList<>(tasks);
  }

  void record(Map<QueryTask, QueryOutcome> answers) {
    outcomes.putAll(answers);
  }

  /**
   * The next round: grouped queries refused as bad asked again per target, those refused as too
   * large split (halves already answered are split at once, without asking again). Empty when
   * nothing is left to ask. Every split makes a group's parts smaller, so rounds run out after
   * about log2(namespaces) + 1.
   */
  List<QueryTask> nextRound() {
    Set<QueryTask> tasks = new LinkedHashSet<>();
    for (var group : batches.entrySet()) {
      Map<QueryTask, Set<TargetKey>> parts = group.getValue();
      List<QueryTask> pending = new ArrayList<>(parts.keySet());
      while (!pending.isEmpty()) {
        QueryTask task = pending.remove(pending.size() - 1);
        if (!(outcomes.get(task) instanceof QueryOutcome.Failure f)) {
          continue;
        }
        if (f.error() == SignalError.BAD_QUERY) {
          tasks.addAll(singleTasks(group.getKey(), parts.remove(task)));
        } else if (f.error() == SignalError.QUERY_TOO_LARGE) {
          Set<TargetKey> targets = parts.remove(task);
          if (namespaces(targets).size() == 1) {
            // A grouped query's filter is by namespace: a smaller group in the same namespace
            // reads the same series, so the next step down is one query per target.
            tasks.addAll(singleTasks(group.getKey(), targets));
            continue;
          }
          for (Set<TargetKey> half : halves(targets)) {
            if (half.size() == 1) {
              tasks.addAll(singleTasks(group.getKey(), half));
              continue;
            }
            QueryTask part = batchTask(group.getKey(), half);
            parts.put(part, half);
            if (outcomes.containsKey(part)) {
              pending.add(part); // the same query as one already refused: split it now
            } else {
              tasks.add(part);
            }
          }
        }
      }
    }
    tasks.removeIf(outcomes::containsKey);
    return new ArrayList<>(tasks);
  }

  /** Two halves of targets in two or more namespaces, split between namespaces. */
  private static List<Set<TargetKey>> halves(Set<TargetKey> targets) {
    List<String> namespaces = new ArrayList<>(namespaces(targets));
    Set<String> first = new TreeSet<>(namespaces.subList(0, namespaces.size() / 2));
    Set<TargetKey> a = new LinkedHashSet<>();
    Set<TargetKey> b = new LinkedHashSet<>();
    targets.forEach(t -> (first.contains(t.namespace()) ? a : b).add(t));
    return List.of(a, b);
  }

  private static Set<String> namespaces(Set<TargetKey> targets) {
    Set<String> namespaces = new TreeSet<>();
    targets.forEach(t -> namespaces.add(t.namespace()));
    return namespaces;
  }

  /** The answer for one target of a family. */
  Slice slice(EndpointConfig endpoint, Family family, TargetKey target) {
    GroupKey group = new GroupKey(endpoint, family);
    Slice.Failed failed = unbuildable.get(group);
    if (failed != null) {
      return failed;
    }
    Map<TargetKey, QueryTask> own = singles.get(group);
    if (own != null && own.containsKey(target)) {
      return answer(own.get(target));
    }
    QueryTask batch =
        batches.getOrDefault(group, Map.of()).entrySet().stream()
            .filter(part -> part.getValue().contains(target))
            .map(Map.Entry::getKey)
            .findFirst()
            .orElse(null);
    if (batch == null) {
      return new Slice.Failed(SignalError.BAD_RESPONSE, "no query was planned for this signal");
    }
    QueryOutcome outcome = outcomes.get(batch);
    if (!(outcome instanceof QueryOutcome.Success)) {
      return answer(batch);
    }
    return new Slice.Series(
        indexes.computeIfAbsent(batch, this::index).getOrDefault(target, List.of()));
  }

  Slice template(EndpointConfig endpoint, String query) {
    return answer(new QueryTask(endpoint, query, List.of()));
  }

  private Slice answer(QueryTask task) {
    QueryOutcome outcome = outcomes.get(task);
    return outcome == null
        ? new Slice.Failed(SignalError.BAD_RESPONSE, "the query was not answered")
        : Slice.of(outcome);
  }

  private QueryTask batchTask(GroupKey group, Set<TargetKey> targets) {
    Set<String> namespaces = namespaces(targets);
    List<String> filter =
        namespaces.size() <= settings.maxNamespacesInFilter()
            ? new ArrayList<>(namespaces)
            : List.of();
    Scope scope = new Scope.Batch(group.family().identity(), filter);
    return new QueryTask(group.endpoint(), group.family().expr(scope).render(), scope.keyLabels());
  }

  private List<QueryTask> singleTasks(GroupKey group, Set<TargetKey> targets) {
    Map<TargetKey, QueryTask> own = singles.computeIfAbsent(group, g -> new LinkedHashMap<>());
    for (TargetKey target : targets) {
      Scope scope = new Scope.Single(group.family().identity(), target);
      own.put(
          target, new QueryTask(group.endpoint(), group.family().expr(scope).render(), List.of()));
    }
    return new ArrayList<>(own.values());
  }

  /** A grouped answer's series by the target their key labels name. */
  private Map<TargetKey, List<SeriesSample>> index(QueryTask task) {
    Map<TargetKey, List<SeriesSample>> index = new HashMap<>();
    List<LabelName> keys = task.keyLabels();
    for (SeriesSample sample : ((QueryOutcome.Success) outcomes.get(task)).series()) {
      String namespace = sample.labels().get(keys.get(0).value());
      String target = sample.labels().get(keys.get(1).value());
      if (namespace != null && target != null) {
        index.computeIfAbsent(new TargetKey(namespace, target), k -> new ArrayList<>()).add(sample);
      }
    }
    return index;
  }
}
