package dev.headroom.helm;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What a test reads off the Grafana dashboard the chart ships. */
final class Dashboard {
  private Dashboard() {}

  /** Every PromQL expression of every panel and template variable. */
  static List<String> expressions(JsonNode dashboard) {
    List<String> expressions = new ArrayList<>();
    dashboard
        .path("panels")
        .forEach(
            panel -> panel.path("targets").forEach(t -> expressions.add(t.path("expr").asText())));
    return expressions;
  }
}
