package dev.headroom.signals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a successful answer says it may lack data. What counts as partial:
 *
 * <ul>
 *   <li>{@code "isPartial": true}, at the top (VictoriaMetrics cluster's vmselect when a vmstorage
 *       node did not answer) or in {@code data} (some proxies put it there);
 *   <li>a {@code warnings} entry that is not a PromQL annotation: Thanos reports a store that did
 *       not answer (partial response) as a warning, Prometheus a failed remote read, Mimir and
 *       Cortex their own incomplete reads.
 * </ul>
 *
 * Not partial: {@code infos} (Prometheus 3) and warnings that start with {@code "PromQL "}
 * (Prometheus' annotations, e.g. {@code PromQL warning: bucket label "le" is missing}, also
 * forwarded by Thanos and Mimir): they are about the query's form, computed over all the data. An
 * unknown warning counts as partial because the cost of a false alarm is a missing signal (the
 * engine holds), and the cost of a missed one a value from part of the series, which could shrink a
 * workload.
 */
final class PartialAnswer {
  private static final int MAX_WARNINGS_QUOTED = 3;

  private PartialAnswer() {}

  static Optional<QueryOutcome.Failure> of(JsonNode root) {
    if (root.path("isPartial").asBoolean(false)
        || root.path("data").path("isPartial").asBoolean(false)) {
      return Optional.of(
          failure("isPartial: true (some of the backend's storage nodes did not answer)"));
    }
    List<String> missing = new ArrayList<>();
    for (JsonNode warning : root.path("warnings")) {
      String text = warning.isTextual() ? warning.asText() : warning.toString();
      if (!text.startsWith("PromQL ")) {
        missing.add(ResponseParser.quote(text));
      }
    }
    if (missing.isEmpty()) {
      return Optional.empty();
    }
    List<String> shown = missing.subList(0, Math.min(missing.size(), MAX_WARNINGS_QUOTED));
    return Optional.of(
        failure(
            "warning "
                + String.join("; ", shown)
                + (missing.size() > shown.size()
                    ? " (and " + (missing.size() - shown.size()) + " more)"
                    : "")));
  }

  private static QueryOutcome.Failure failure(String why) {
    return new QueryOutcome.Failure(
        SignalError.PARTIAL, "the backend answered with partial data, read as no value: " + why);
  }
}
