package dev.headroom.signals;

import dev.headroom.engine.ContainerUsage;
import dev.headroom.engine.Sample;
import dev.headroom.engine.Signals;
import dev.headroom.signals.PlannedSignal.Families;
import dev.headroom.signals.PlannedSignal.Invalid;
import dev.headroom.signals.PlannedSignal.Role;
import dev.headroom.signals.PlannedSignal.Template;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One policy's readings, from the cycle's answers, as engine {@link Signals} and a status. */
final class SignalAssembler {
  private final CyclePlan plan;
  private final Instant now;
  private final Duration staleAfter;

  SignalAssembler(CyclePlan plan, Instant now, Duration staleAfter) {
    this.plan = plan;
    this.now = now;
    this.staleAfter = staleAfter;
  }

  /** Registers what a policy's planned signals need from the cycle. */
  static void demand(CyclePlan plan, PolicyTarget policy, List<PlannedSignal> signals) {
    for (PlannedSignal signal : signals) {
      if (signal.sourcing() instanceof Families families) {
        families.parts().values().forEach(f -> plan.demand(policy.endpoint(), f, families.key()));
      } else if (signal.sourcing() instanceof Template template) {
        plan.demandTemplate(policy.endpoint(), template.query());
      }
    }
  }

  PolicySignals assemble(PolicyTarget policy, List<PlannedSignal> planned) {
    List<SignalStatus> statuses = new ArrayList<>();
    Optional<Sample> requestRate = Optional.empty();
    Map<Double, Sample> quantiles = new HashMap<>();
    Optional<Sample> average = Optional.empty();
    Optional<Sample> errorRatio = Optional.empty();
    Optional<Sample> cpu = Optional.empty();
    Optional<Sample> memory = Optional.empty();
    Map<String, ContainerUsage> containers = Map.of();
    for (PlannedSignal signal : planned) {
      Reading reading = read(policy, signal);
      statuses.add(status(signal, reading));
      if (reading instanceof Reading.Usage usage) {
        containers = usage.containers();
      } else if (reading instanceof Reading.Value value) {
        Sample sample = new Sample(value.value(), value.sampledAt());
        switch (signal.kind()) {
          case LATENCY_QUANTILE -> quantiles.putIfAbsent(signal.quantile(), sample);
          case LATENCY_AVERAGE -> average = average.or(() -> Optional.of(sample));
          case ERROR_RATIO -> errorRatio = errorRatio.or(() -> Optional.of(sample));
          case REQUEST_RATE -> requestRate = requestRate.or(() -> Optional.of(sample));
          case CPU_CORES_PER_POD -> cpu = Optional.of(sample);
          case MEMORY_BYTES_PER_POD -> memory = Optional.of(sample);
          case CONTAINER_USAGE -> {}
        }
      }
    }
    Signals signals =
        new Signals(requestRate, quantiles, average, errorRatio, cpu, memory, containers);
    return new PolicySignals(
        signals, MetricsStatus.of(statuses, policy.endpoint().url().toString()));
  }

  private Reading read(PolicyTarget policy, PlannedSignal signal) {
    EndpointConfig endpoint = policy.endpoint();
    if (signal.sourcing() instanceof Invalid invalid) {
      return new Reading.Failed(invalid.error(), invalid.message());
    }
    if (signal.sourcing() instanceof Template template) {
      return Readings.scalar(
          signal.kind(),
          plan.template(endpoint, template.query()),
          Optional.empty(),
          now,
          staleAfter);
    }
    Families families = (Families) signal.sourcing();
    Map<Role, Family> parts = families.parts();
    Slice freshness = plan.slice(endpoint, parts.get(Role.FRESHNESS), families.key());
    if (signal.kind() == SignalKind.CONTAINER_USAGE) {
      return Readings.containers(
          plan.slice(endpoint, parts.get(Role.CPU_HIGH), families.key()),
          plan.slice(endpoint, parts.get(Role.MEMORY_PEAK), families.key()),
          plan.slice(endpoint, parts.get(Role.THROTTLING), families.key()),
          freshness,
          now,
          staleAfter);
    }
    return Readings.scalar(
        signal.kind(),
        plan.slice(endpoint, parts.get(Role.VALUE), families.key()),
        Optional.of(freshness),
        now,
        staleAfter);
  }

  private static SignalStatus status(PlannedSignal signal, Reading reading) {
    if (reading instanceof Reading.Failed failed) {
      return new SignalStatus(
          signal.name(),
          signal.kind(),
          Optional.of(failed.error()),
          failed.message(),
          Optional.empty());
    }
    if (reading instanceof Reading.Usage usage) {
      return new SignalStatus(
          signal.name(),
          signal.kind(),
          Optional.empty(),
          "usage of " + String.join(", ", usage.containers().keySet()),
          Optional.of(usage.sampledAt()));
    }
    Reading.Value value = (Reading.Value) reading;
    return new SignalStatus(
        signal.name(),
        signal.kind(),
        Optional.empty(),
        Readings.format(signal.kind(), value.value()),
        Optional.of(value.sampledAt()));
  }
}
