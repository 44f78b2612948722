package dev.headroom.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** The budgets of one workload. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "has(self.latency) || has(self.errorRate) || has(self.throughput) || has(self.cpu)"
            + " || has(self.memory)",
    message = "at least one budget is required: latency, errorRate, throughput, cpu or memory")
@ValidationRule(
    value = "!has(self.errorRate) || has(self.errorRate.metric) || has(self.latency)",
    message = "errorRate.metric is required when there is no latency budget to take it from",
    fieldPath = ".errorRate")
@ValidationRule(
    value = "!has(self.throughput) || has(self.throughput.metric) || has(self.latency)",
    message = "throughput.metric is required when there is no latency budget to take it from",
    fieldPath = ".throughput")
@ValidationRule(
    value =
        "!has(self.latency) || self.latency.all(a, self.latency.exists_one(b, b.name == a.name))",
    message = "latency budget names must be unique",
    fieldPath = ".latency")
public record Budgets(
    @Size(min = 1, max = 8)
        @JsonPropertyDescription(
            "Latency budgets: a percentile (e.g. p95) or the average of the target's request"
                + " latency, each read from a histogram. Up to 8, with unique names.")
        List<LatencyBudget> latency,
    @JsonPropertyDescription("The share of requests that fail, in percent.")
        ErrorRateBudget errorRate,
    @JsonPropertyDescription(
            "Requests per second: a minimum the service must serve in total, and/or the load one"
                + " replica is sized for.")
        ThroughputBudget throughput,
    @JsonPropertyDescription(
            "CPU per pod: average utilisation of the CPU request and/or an absolute number of"
                + " cores.")
        CpuBudget cpu,
    @JsonPropertyDescription(
            "Memory per pod (working set): utilisation of the memory request and/or an absolute"
                + " peak.")
        MemoryBudget memory) {}
