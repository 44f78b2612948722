package dev.headroom.signals;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a backend's refusal of a query at one of its query-size limits, by the words each
 * backend uses; they come with HTTP 422 (Prometheus, Mimir, VictoriaMetrics) but also 400 or 5xx
 * behind some proxies, so the text decides, not the status. Such a query is not wrong, only too
 * big: a grouped one is split and asked again ({@link CyclePlan}), never reported as a bad query.
 * The limit is named first in the message, since the backend's own text is long and is cut short.
 */
final class SizeLimit {
  /** A lower-case fragment of a backend's message and the limit it means. */
  private record Limit(String fragment, String name) {}

  private static final List<Limit> LIMITS =
      List.of(
          new Limit("would load too many samples into memory", "Prometheus --query.max-samples"),
          new Limit(
              "the query hit the max number of series limit", "Mimir/Cortex max series per query"),
          new Limit(
              "the query hit the max number of chunks limit", "Mimir/Cortex max chunks per query"),
          new Limit(
              "the query hit the max number of estimated chunks limit",
              "Mimir max estimated chunks per query"),
          new Limit(
              "the query hit the aggregated chunks size limit",
              "Mimir/Cortex max chunk bytes per query"),
          new Limit(
              "the query hit the aggregated data size limit", "Mimir max data bytes per query"),
          new Limit(
              "the query hit the max number of chunk bytes limit",
              "Cortex max chunk bytes per query"),
          new Limit("exceeded series limit", "store series limit (Thanos, Mimir/Cortex)"),
          new Limit("exceeded samples limit", "Thanos store samples limit"),
          new Limit(
              "the number of matching timeseries exceeds",
              "VictoriaMetrics -search.maxUniqueTimeseries"),
          new Limit("-search.max", "VictoriaMetrics -search.max*"));

  /** VictoriaMetrics names the flag it hit, e.g. "the most likely limit is -search.maxSeries". */
  private static final Pattern VM_FLAG = Pattern.compile("-search\\.max[A-Za-z]+");

  private SizeLimit() {}

  /** The limit {@code message} says the query hit, if it says so. */
  static Optional<String> hit(String message) {
    String text = message.toLowerCase(Locale.ROOT);
    for (Limit limit : LIMITS) {
      if (text.contains(limit.fragment())) {
        if (limit.name().startsWith("VictoriaMetrics")) {
          Matcher flag = VM_FLAG.matcher(message);
          String last = null;
          while (flag.find()) {
            last = flag.group(); // the "most likely limit" comes after the general advice
          }
          if (last != null && !last.equals("-search.maxQueryDuration")) {
            return Optional.of("VictoriaMetrics " + last);
          }
        }
        return Optional.of(limit.name());
      }
    }
    return Optional.empty();
  }

  static QueryOutcome.Failure failure(String limit, String quoted) {
    return new QueryOutcome.Failure(
        SignalError.QUERY_TOO_LARGE, "the backend's query-size limit (" + limit + "): " + quoted);
  }
}
