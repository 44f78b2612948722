package dev.headroom.signals;

import static dev.headroom.signals.promql.PromQl.labelReplace;

import dev.headroom.signals.promql.Expr;
import dev.headroom.signals.promql.LabelName;
import dev.headroom.signals.promql.MatchOp;
import dev.headroom.signals.promql.Matcher;
import dev.headroom.signals.promql.Re2;
import java.util.ArrayList;
import java.util.List;

/**
 * Which targets a query answers for: one ({@link Single}: its series selected by matchers, the
 * answer has no target labels) or many ({@link Batch}: series of all targets, grouped by the labels
 * that name a target, split per policy afterwards).
 */
sealed interface Scope {
  /** The label a batched query derives from a pod's name to name its workload. */
  LabelName TARGET_LABEL = LabelName.of("headroom_target");

  /** Matchers that select the scope's series. */
  List<Matcher> matchers();

  /** Labels a series so that {@link #keyLabels()} name its target (identity unless by pod). */
  Expr tag(Expr vector);

  /** The labels whose values name a target in the answer; empty for one target. */
  List<LabelName> keyLabels();

  /** One target. */
  record Single(TargetIdentity identity, TargetKey key) implements Scope {
    @Override
    public List<Matcher> matchers() {
      if (identity instanceof TargetIdentity.ByPod pod) {
        return List.of(
            new Matcher(pod.namespaceLabel(), MatchOp.EQ, key.namespace()),
            new Matcher(pod.podLabel(), MatchOp.RE, pod.naming().pods(key.target())));
      }
      TargetIdentity.ByLabel label = (TargetIdentity.ByLabel) identity;
      return List.of(
          new Matcher(label.namespaceLabel(), MatchOp.EQ, key.namespace()),
          new Matcher(label.targetLabel(), MatchOp.EQ, key.target()));
    }

    @Override
    public Expr tag(Expr vector) {
      return vector;
    }

    @Override
    public List<LabelName> keyLabels() {
      return List.of();
    }
  }

  /**
   * Every target of the identity's kind, in {@code namespaces} (sorted; empty for all). Only for an
   * identity that is {@linkplain TargetIdentity#batchable() batchable}.
   */
  record Batch(TargetIdentity identity, List<String> namespaces) implements Scope {
    public Batch {
      if (!identity.batchable()) {
        throw new IllegalArgumentException("not a batchable identity: " + identity);
      }
      namespaces = List.copyOf(namespaces);
    }

    @Override
    public List<Matcher> matchers() {
      List<Matcher> matchers = new ArrayList<>();
      if (!namespaces.isEmpty()) {
        matchers.add(new Matcher(identity.namespaceLabel(), MatchOp.RE, Re2.anyOf(namespaces)));
      }
      return matchers;
    }

    @Override
    public Expr tag(Expr vector) {
      if (identity instanceof TargetIdentity.ByPod pod) {
        return labelReplace(vector, TARGET_LABEL, "$1", pod.podLabel(), pod.naming().anyPod());
      }
      return vector;
    }

    @Override
    public List<LabelName> keyLabels() {
      if (identity instanceof TargetIdentity.ByPod pod) {
        return List.of(pod.namespaceLabel(), TARGET_LABEL);
      }
      TargetIdentity.ByLabel label = (TargetIdentity.ByLabel) identity;
      return List.of(label.namespaceLabel(), label.targetLabel());
    }
  }
}
