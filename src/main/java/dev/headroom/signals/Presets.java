package dev.headroom.signals;

import dev.headroom.api.v1alpha1.HistogramPreset;
import dev.headroom.api.v1alpha1.LatencyUnit;
import dev.headroom.api.v1alpha1.MetricSource;
import dev.headroom.signals.promql.LabelName;
import dev.headroom.signals.promql.Matcher;
import dev.headroom.signals.promql.MetricName;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The well-known histograms a policy selects by name, and how a policy's source resolves. */
final class Presets {
  /**
   * One preset.
   *
   * @param metric the histogram's base name, if the preset fixes one
   * @param unit the unit of its observations
   * @param identity how its series name the workload
   * @param matchers matchers every query of it has (e.g. Istio's {@code reporter="destination"})
   * @param statusLabel the label holding the response status
   */
  record Preset(
      Optional<MetricName> metric,
      LatencyUnit unit,
      TargetIdentity identity,
      List<Matcher> matchers,
      LabelName statusLabel) {}

  private Presets() {}

  /**
   * @param naming how the target's controller names its pods, for the presets that find the
   *     target's series by pod
   */
  static Preset of(HistogramPreset preset, PodNaming naming) {
    return switch (preset) {
      case PrometheusHistogram ->
          new Preset(
              Optional.empty(),
              LatencyUnit.Seconds,
              TargetIdentity.pods(naming),
              List.of(),
              LabelName.of("code"));
      case Micrometer ->
          new Preset(
              Optional.of(MetricName.of("http_server_requests_seconds")),
              LatencyUnit.Seconds,
              TargetIdentity.pods(naming),
              List.of(),
              LabelName.of("status"));
      case Istio ->
          new Preset(
              Optional.of(MetricName.of("istio_request_duration_milliseconds")),
              LatencyUnit.Milliseconds,
              new TargetIdentity.ByLabel(
                  LabelName.of("destination_workload_namespace"),
                  LabelName.of("destination_workload")),
              List.of(Matcher.eq("reporter", "destination")),
              LabelName.of("response_code"));
      case NginxIngress ->
          new Preset(
              Optional.of(MetricName.of("nginx_ingress_controller_request_duration_seconds")),
              LatencyUnit.Seconds,
              new TargetIdentity.ByLabel(LabelName.of("namespace"), LabelName.of("service")),
              List.of(),
              LabelName.of("status"));
      case Linkerd ->
          new Preset(
              Optional.of(MetricName.of("response_latency_ms")),
              LatencyUnit.Milliseconds,
              new TargetIdentity.ByLabel(LabelName.of("namespace"), LabelName.of("deployment")),
              List.of(Matcher.eq("direction", "inbound")),
              LabelName.of("status_code"));
    };
  }

  /** A preset source resolved for one policy: the shared histogram and this target's key. */
  record Resolved(HistogramSource source, TargetKey key, LabelName statusLabel) {}

  /**
   * @throws IllegalArgumentException when the source can not be read as a preset (no metric for
   *     PrometheusHistogram, a name that is not a Prometheus name, matchLabels on the pod labels)
   */
  static Resolved resolve(MetricSource source, String namespace, String target, PodNaming naming) {
    if (source.preset() == null) {
      throw new IllegalArgumentException("not a preset source");
    }
    Preset preset = of(source.preset(), naming);
    MetricName base =
        source.metric() != null
            ? MetricName.of(source.metric())
            : preset
                .metric()
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "metric is required for the "
                                + source.preset()
                                + " preset (e.g. http_request_duration_seconds)"));
    TargetIdentity identity = preset.identity();
    String keyNamespace = namespace;
    String keyTarget = target;
    Map<String, String> labels =
        new TreeMap<>(source.matchLabels() == null ? Map.of() : source.matchLabels());
    if (identity instanceof TargetIdentity.ByPod pod) {
      for (LabelName reserved : List.of(pod.namespaceLabel(), pod.podLabel())) {
        if (labels.containsKey(reserved.value())) {
          throw new IllegalArgumentException(
              "matchLabels may not set "
                  + reserved
                  + ": Headroom matches the target's namespace and pods itself");
        }
      }
    } else if (identity instanceof TargetIdentity.ByLabel byLabel) {
      String ns = labels.remove(byLabel.namespaceLabel().value());
      String name = labels.remove(byLabel.targetLabel().value());
      keyNamespace = ns != null ? ns : namespace;
      keyTarget = name != null ? name : target;
    }
    List<Matcher> matchers = new ArrayList<>(preset.matchers());
    labels.forEach((k, v) -> matchers.add(Matcher.eq(k, v)));
    LatencyUnit unit = source.unit() != null ? source.unit() : preset.unit();
    return new Resolved(
        new HistogramSource(base, unit, identity, matchers),
        new TargetKey(keyNamespace, keyTarget),
        preset.statusLabel());
  }
}
