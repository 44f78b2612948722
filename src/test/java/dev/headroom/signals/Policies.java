package dev.headroom.signals;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.headroom.api.v1alpha1.PerformancePolicySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Policy specs for the signals tests, written as the YAML users write. */
final class Policies {
  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);

  private Policies() {}

  /** A spec from the YAML of its {@code spec:} (targetRef and scaling added when absent). */
  static PerformancePolicySpec spec(String target, String yaml) {
    String full =
        (yaml.contains("targetRef:") ? "" : "targetRef: {name: " + target + "}\n")
            + (yaml.contains("scaling:") ? "" : "scaling: {minReplicas: 1, maxReplicas: 10}\n")
            + yaml;
    try {
      return YAML.readValue(full, PerformancePolicySpec.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static PolicyTarget policy(
      String namespace, String name, String target, EndpointConfig endpoint, String yaml) {
    return new PolicyTarget(new PolicyId(namespace, name), spec(target, yaml), endpoint);
  }

  /** The queries a cycle over {@code policies} would send, in plan order. */
  static List<String> queries(SignalSettings settings, List<PolicyTarget> policies) {
    SignalPlanner planner = new SignalPlanner(settings);
    CyclePlan plan = new CyclePlan(settings);
    for (PolicyTarget policy : policies) {
      SignalAssembler.demand(plan, policy, planner.plan(policy));
    }
    return plan.firstRound().stream().map(QueryTask::promql).toList();
  }
}
