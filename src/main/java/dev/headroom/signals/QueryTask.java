package dev.headroom.signals;

import dev.headroom.signals.promql.LabelName;
import java.util.List;

/**
 * One query to send in a cycle. Equal tasks are sent once.
 *
 * @param endpoint where to send it
 * @param promql the query
 * @param keyLabels the labels that name a target in a grouped answer; empty for one target
 */
record QueryTask(EndpointConfig endpoint, String promql, List<LabelName> keyLabels) {
  QueryTask {
    keyLabels = List.copyOf(keyLabels);
  }

  boolean grouped() {
    return !keyLabels.isEmpty();
  }
}
