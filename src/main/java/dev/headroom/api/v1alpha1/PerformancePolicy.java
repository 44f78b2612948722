package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * Names a workload and the performance budgets it must stay within; Headroom sizes the workload to
 * meet them at the least cost.
 */
@Group(PerformancePolicy.GROUP)
@Version(PerformancePolicy.VERSION)
@Plural("performancepolicies")
@Singular("performancepolicy")
@ShortNames({"perfpolicy", "perfpol"})
@AdditionalPrinterColumn(
    name = "Target",
    jsonPath = ".spec.targetRef.name",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Mode",
    jsonPath = ".spec.mode",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Replicas",
    jsonPath = ".status.replicas",
    type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(
    name = "Budget",
    jsonPath = ".status.keyBudget",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Status",
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(
    name = "Age",
    jsonPath = ".metadata.creationTimestamp",
    type = AdditionalPrinterColumn.Type.DATE)
@JsonClassDescription(
    "A PerformancePolicy names a Deployment and the performance budgets it must stay within"
        + " (latency, error rate, throughput, CPU, memory); Headroom sets its replicas and"
        + " container resources to meet them at the least cost, and reports every violation.")
public class PerformancePolicy
    extends CustomResource<PerformancePolicySpec, PerformancePolicyStatus> implements Namespaced {
  public static final String GROUP = "headroom.dev";
  public static final String VERSION = "v1alpha1";

  @Override
  @JsonPropertyDescription(
      "What the policy asks for: the target, its budgets, scaling and resource bounds, and the"
          + " mode.")
  public PerformancePolicySpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription(
      "What Headroom saw, decided and did: observed budgets, violations, the last decision,"
          + " recent actions and conditions. Written by the operator only.")
  public PerformancePolicyStatus getStatus() {
    return super.getStatus();
  }

  @Override
  protected PerformancePolicyStatus initStatus() {
    return null;
  }
}
