package dev.headroom.signals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads an answer of Prometheus' {@code /api/v1/query} into a {@link QueryOutcome}. Any bytes at
 * all give an outcome: what is not the API's JSON becomes {@link SignalError#BAD_RESPONSE}, an
 * error the API reports is classified by its HTTP status and {@code errorType}. It never throws.
 */
final class ResponseParser {
  private static final ObjectMapper JSON =
      JsonMapper.builder(
              JsonFactory.builder()
                  .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(64)
                          .maxNumberLength(64)
                          .build())
                  .build())
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** Prometheus' float syntax (Go's strconv.FormatFloat 'f'/'e') and its three specials. */
  private static final Pattern FLOAT =
      Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?|NaN|[-+]Inf");

  private static final int MAX_QUOTED = 300;

  private ResponseParser() {}

  static QueryOutcome parse(int httpStatus, byte[] body) {
    try {
      return read(httpStatus, body == null ? new byte[0] : body);
    } catch (RuntimeException e) {
      return bad(httpStatus, "unreadable answer (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static QueryOutcome read(int httpStatus, byte[] body) {
    if (httpStatus == 401 || httpStatus == 403) {
      return new QueryOutcome.Failure(
          SignalError.UNAUTHORIZED,
          "HTTP " + httpStatus + ": the credentials are missing, wrong or not allowed to query");
    }
    JsonNode root;
    try {
      root = JSON.readTree(body);
    } catch (java.io.IOException | RuntimeException e) {
      root = null;
    }
    if (root == null || !root.isObject()) {
      return notJson(httpStatus, body);
    }
    String status = root.path("status").asText("");
    if ("error".equals(status) || httpStatus != 200) {
      return apiError(httpStatus, root, body);
    }
    if (!"success".equals(status)) {
      return bad(httpStatus, "the answer's status is neither success nor error");
    }
    QueryOutcome outcome = data(root.path("data"));
    if (outcome instanceof QueryOutcome.Success) {
      Optional<QueryOutcome.Failure> partial = PartialAnswer.of(root);
      if (partial.isPresent()) {
        return partial.get();
      }
    }
    return outcome;
  }

  private static QueryOutcome apiError(int httpStatus, JsonNode root, byte[] body) {
    String type = root.path("errorType").asText("");
    String message = root.path("error").isTextual() ? root.path("error").asText() : "";
    String said = quote(message.isEmpty() ? snippet(body) : message);
    Optional<String> limit = SizeLimit.hit(message.isEmpty() ? snippet(body) : message);
    if (limit.isPresent()) {
      return SizeLimit.failure(limit.get(), said);
    }
    if (httpStatus == 400 || httpStatus == 422 || type.equals("bad_data")) {
      return new QueryOutcome.Failure(
          SignalError.BAD_QUERY,
          "Prometheus refused the query" + (type.isEmpty() ? "" : " (" + type + ")") + ": " + said);
    }
    if (type.equals("timeout") || type.equals("canceled")) {
      return new QueryOutcome.Failure(SignalError.TIMEOUT, "Prometheus: " + type + ": " + said);
    }
    if (httpStatus == 429 || httpStatus >= 500) {
      return new QueryOutcome.Failure(
          SignalError.SERVER_ERROR,
          "HTTP " + httpStatus + (type.isEmpty() ? "" : " (" + type + ")") + ": " + said);
    }
    return bad(httpStatus, "an error answer (" + type + "): " + said);
  }

  private static QueryOutcome notJson(int httpStatus, byte[] body) {
    Optional<String> limit = SizeLimit.hit(snippet(body));
    if (limit.isPresent()) {
      return SizeLimit.failure(limit.get(), quote(snippet(body)));
    }
    if (httpStatus == 429 || httpStatus >= 500) {
      return new QueryOutcome.Failure(
          SignalError.SERVER_ERROR, "HTTP " + httpStatus + ": " + quote(snippet(body)));
    }
    if (httpStatus == 400 || httpStatus == 422) {
      return new QueryOutcome.Failure(
          SignalError.BAD_QUERY, "HTTP " + httpStatus + ": " + quote(snippet(body)));
    }
    if (httpStatus == 404) {
      return bad(404, "not found: is the URL the API's base, without /api/v1?");
    }
    return bad(httpStatus, "not the Prometheus API's JSON: " + quote(snippet(body)));
  }

  private static QueryOutcome data(JsonNode data) {
    String type = data.path("resultType").asText("");
    JsonNode result = data.path("result");
    switch (type) {
      case "vector" -> {
        if (!result.isArray()) {
          return bad(200, "a vector whose result is not a list");
        }
        List<SeriesSample> series = new ArrayList<>(result.size());
        for (JsonNode element : result) {
          JsonNode metric = element.path("metric");
          if (!metric.isObject() && !metric.isMissingNode()) {
            return bad(200, "a series whose metric is not an object");
          }
          Map<String, String> labels = new LinkedHashMap<>();
          for (var field : metric.properties()) {
            if (!field.getValue().isTextual()) {
              return bad(200, "a label value that is not a string");
            }
            labels.put(field.getKey(), field.getValue().asText());
          }
          SeriesSample sample = sample(labels, element.path("value"));
          if (sample == null) {
            return bad(200, "a sample that is not [timestamp, \"value\"]");
          }
          series.add(sample);
        }
        return new QueryOutcome.Success(series);
      }
      case "scalar" -> {
        SeriesSample sample = sample(Map.of(), result);
        return sample == null
            ? bad(200, "a scalar that is not [timestamp, \"value\"]")
            : new QueryOutcome.Success(List.of(sample));
      }
      case "matrix" -> {
        return new QueryOutcome.Failure(
            SignalError.BAD_QUERY,
            "the query returns a range vector; it must return an instant vector (one value per"
                + " series), e.g. wrap it in rate() or *_over_time()");
      }
      case "string" -> {
        return new QueryOutcome.Failure(
            SignalError.BAD_QUERY, "the query returns a string; it must return a number");
      }
      default -> {
        return bad(200, "an unknown resultType " + quote(type));
      }
    }
  }

  /** {@code [1700000000.123, "0.25"]}, or null when it is anything else. */
  private static SeriesSample sample(Map<String, String> labels, JsonNode pair) {
    if (!pair.isArray()
        || pair.size() != 2
        || !pair.get(0).isNumber()
        || !pair.get(1).isTextual()) {
      return null;
    }
    String text = pair.get(1).asText();
    if (!FLOAT.matcher(text).matches()) {
      return null;
    }
    double value =
        switch (text) {
          case "NaN" -> Double.NaN;
          case "+Inf" -> Double.POSITIVE_INFINITY;
          case "-Inf" -> Double.NEGATIVE_INFINITY;
          default -> Double.parseDouble(text);
        };
    BigDecimal seconds = pair.get(0).decimalValue();
    if (seconds.signum() < 0 || seconds.compareTo(BigDecimal.valueOf(1L << 40)) > 0) {
      return null;
    }
    long millis = seconds.movePointRight(3).longValue();
    return new SeriesSample(labels, value, Instant.ofEpochMilli(millis));
  }

  private static QueryOutcome.Failure bad(int httpStatus, String what) {
    return new QueryOutcome.Failure(
        SignalError.BAD_RESPONSE, (httpStatus == 200 ? "" : "HTTP " + httpStatus + ": ") + what);
  }

  private static String snippet(byte[] body) {
    int length = Math.min(body.length, MAX_QUOTED * 4);
    return new String(body, 0, length, StandardCharsets.UTF_8);
  }

  /** Text from the server, cut short and with control characters shown as spaces. */
  static String quote(String text) {
    String clean = text.replaceAll("\\p{Cntrl}", " ").strip();
    if (clean.length() > MAX_QUOTED) {
      clean = clean.substring(0, MAX_QUOTED) + "…";
    }
    return clean.isEmpty() ? "(empty)" : clean;
  }
}
