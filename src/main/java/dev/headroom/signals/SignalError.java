package dev.headroom.signals;

/**
 * Why a signal has no usable value. Declared from the most to the least actionable: a policy's
 * {@code MetricsAvailable} condition takes the reason of the first one among its signals.
 */
public enum SignalError {
  /** The policy's metric settings can not be turned into a query (e.g. no metric name). */
  INVALID_SPEC("InvalidMetricSpec", false),
  /** Prometheus refused the query (HTTP 400 or 422) and said why; or a template's placeholders. */
  BAD_QUERY("BadQuery", false),
  /**
   * The backend refused the query at one of its query-size limits (Prometheus' {@code
   * --query.max-samples}, VictoriaMetrics' {@code -search.maxUniqueTimeseries}, Mimir's max series
   * per query, ...): a grouped query is split first, so this is what a policy's own query hit.
   */
  QUERY_TOO_LARGE("QueryTooLarge", false),
  /** HTTP 401 or 403: the credentials are missing, wrong or not allowed to query. */
  UNAUTHORIZED("Unauthorized", false),
  /** The TLS handshake failed: an untrusted certificate, a name mismatch, a bad CA bundle. */
  TLS_ERROR("TLSError", false),
  /** No connection: refused, no route, unknown host, or no connection within the timeout. */
  UNREACHABLE("PrometheusUnreachable", true),
  /** Too many failures in a row; queries to this endpoint are not sent until it cools down. */
  CIRCUIT_OPEN("CircuitOpen", false),
  /** No answer within the read timeout, or Prometheus' own query timeout. */
  TIMEOUT("PrometheusTimeout", true),
  /** HTTP 5xx or 429 from Prometheus or a proxy in front of it. */
  SERVER_ERROR("PrometheusError", true),
  /**
   * The backend answered but said the answer may lack data ({@code isPartial: true}, or a warning
   * such as a Thanos store that did not answer): a value computed from part of the series could be
   * far too low, so it is no value at all. Not retried within a read: the next evaluation asks
   * again.
   */
  PARTIAL("PartialData", false),
  /** An answer that is not the Prometheus API's JSON (garbage, HTML, a wrong URL's 404). */
  BAD_RESPONSE("BadResponse", false),
  /** An empty result: no series for this target. Never read as zero. */
  NO_DATA("NoData", false),
  /** Prometheus answered NaN, e.g. a ratio or quantile over a window without requests. */
  NOT_A_NUMBER("NotANumber", false),
  /** Prometheus answered +Inf or -Inf. */
  INFINITE("Infinite", false),
  /** The newest sample is older than two scrape intervals. */
  STALE("StaleData", false);

  private final String reason;
  private final boolean retryable;

  SignalError(String reason, boolean retryable) {
    this.reason = reason;
    this.retryable = retryable;
  }

  /** The condition reason, CamelCase as Kubernetes conditions want it. */
  public String reason() {
    return reason;
  }

  /** Whether another attempt may succeed (so the client retries it within a read). */
  public boolean retryable() {
    return retryable;
  }
}
