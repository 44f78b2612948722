package dev.headroom.signals;

import java.util.List;
import java.util.Locale;

/**
 * Recognises a backend's refusal of a query at one of its query-size limits, by the words each
 * backend uses; they come with HTTP 422 (Prometheus, Mimir, VictoriaMetrics) but also 400 or 5xx
 * behind some proxies, so the text decides, not the status. Such a query is not wrong, only too
 * big: a grouped one is split and asked again ({@link CyclePlan}), never reported as a bad query.
 */
final class SizeLimit {
  /** Lower-case fragments of the backends' messages; each names a limit, none a query mistake. */
  private static final List<String> FRAGMENTS =
      List.of(
          // Prometheus --query.max-samples
          "would load too many samples into memory",
          // Mimir and Cortex (querier and store-gateway limits)
          "the query hit the max number of series limit",
          "the query hit the max number of chunks limit",
          "the query hit the max number of estimated chunks limit",
          "the query hit the aggregated chunks size limit",
          "the query hit the aggregated data size limit",
          // Thanos store limits (--store.limits.request-series / -samples)
          "exceeded series limit",
          "exceeded samples limit",
          // VictoriaMetrics -search.max* flags
          "the number of matching timeseries exceeds",
          "-search.maxuniquetimeseries",
          "-search.maxsamplesperquery",
          "-search.maxsamplesperseries",
          "-search.maxseries",
          "-search.maxpointspertimeseries");

  private SizeLimit() {}

  static boolean hit(String message) {
    String text = message.toLowerCase(Locale.ROOT);
    return FRAGMENTS.stream().anyMatch(text::contains);
  }

  static QueryOutcome.Failure failure(String quoted) {
    return new QueryOutcome.Failure(
        SignalError.QUERY_TOO_LARGE, "the backend's query-size limit: " + quoted);
  }
}
