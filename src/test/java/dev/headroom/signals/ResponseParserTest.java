package dev.headroom.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.testing.random.Gen;
import dev.headroom.testing.random.Seeds;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ResponseParserTest {
  private static QueryOutcome parse(int status, String body) {
    return ResponseParser.parse(status, body.getBytes(StandardCharsets.UTF_8));
  }

  private static QueryOutcome.Failure failure(int status, String body) {
    return (QueryOutcome.Failure) parse(status, body);
  }

  @Test
  void aVectorWithLabelsTimestampsAndSpecialValues() {
    var outcome =
        parse(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"namespace\":\"shop\"},\"value\":[1700000000.123,\"0.25\"]},"
                + "{\"metric\":{},\"value\":[1700000000,\"NaN\"]},"
                + "{\"metric\":{},\"value\":[1700000000,\"+Inf\"]},"
                + "{\"metric\":{},\"value\":[1700000000,\"-Inf\"]},"
                + "{\"metric\":{},\"value\":[1700000000,\"1e-3\"]}]}}");
    assertThat(outcome).isInstanceOf(QueryOutcome.Success.class);
    var series = ((QueryOutcome.Success) outcome).series();
    assertThat(series).hasSize(5);
    assertThat(series.get(0).labels()).containsEntry("namespace", "shop");
    assertThat(series.get(0).value()).isEqualTo(0.25);
    assertThat(series.get(0).timestamp()).isEqualTo(Instant.ofEpochMilli(1_700_000_000_123L));
    assertThat(series.get(1).value()).isNaN();
    assertThat(series.get(2).value()).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(series.get(3).value()).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(series.get(4).value()).isEqualTo(0.001);
  }

  @Test
  void anEmptyVectorIsAnEmptySuccessNotZero() {
    var outcome =
        parse(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}");
    assertThat(((QueryOutcome.Success) outcome).series()).isEmpty();
  }

  @Test
  void aScalarIsOneSeriesWithoutLabels() {
    var outcome =
        parse(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1,\"2\"]}}");
    assertThat(((QueryOutcome.Success) outcome).series())
        .singleElement()
        .satisfies(s -> assertThat(s.value()).isEqualTo(2));
  }

  private static final String VECTOR =
      "\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1700000000,\"0.2\"]}]}";

  @Test
  void victoriaMetricsIsPartialIsMissingDataNotAValue() {
    var top = failure(200, "{\"status\":\"success\",\"isPartial\":true," + VECTOR + "}");
    assertThat(top.error()).isEqualTo(SignalError.PARTIAL);
    assertThat(top.message()).contains("partial data", "isPartial: true");
    var inData =
        failure(
            200,
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"isPartial\":true,"
                + "\"result\":[]}}");
    assertThat(inData.error()).isEqualTo(SignalError.PARTIAL);
    // As vmselect answers when every vmstorage node answered, and as single-node VM answers.
    assertThat(
            parse(
                200,
                "{\"status\":\"success\",\"isPartial\":false,"
                    + VECTOR
                    + ",\"stats\":{\"seriesFetched\": \"1\",\"executionTimeMsec\":3}}"))
        .isInstanceOf(QueryOutcome.Success.class);
  }

  @Test
  void aThanosPartialResponseWarningIsMissingDataWithThanosWords() {
    var partial =
        failure(
            200,
            "{\"status\":\"success\","
                + VECTOR
                + ",\"warnings\":[\"fetch series for {cluster=\\\"eu1\\\"} Addr: store-1:10901"
                + " LabelSets: {cluster=\\\"eu1\\\"}: receive series from store-1:10901: rpc error:"
                + " code = Unavailable desc = connection refused\"]}");
    assertThat(partial.error()).isEqualTo(SignalError.PARTIAL);
    assertThat(partial.message()).contains("store-1:10901", "connection refused");
  }

  @Test
  void promqlAnnotationsAndInfosAreNotPartial() {
    var outcome =
        parse(
            200,
            "{\"status\":\"success\","
                + VECTOR
                + ",\"warnings\":[\"PromQL warning: bucket label \\\"le\\\" is missing or has a"
                + " malformed value of \\\"x\\\" for metric name \\\"a_bucket\\\"\"],"
                + "\"infos\":[\"PromQL info: metric might not be a counter, name does not end in"
                + " _total/_sum/_count/_bucket: \\\"container_memory_working_set_bytes\\\"\"]}");
    assertThat(outcome).isInstanceOf(QueryOutcome.Success.class);
    assertThat(((QueryOutcome.Success) outcome).series()).hasSize(1);
  }

  @Test
  void manyWarningsAreQuotedUpToThree() {
    var partial =
        failure(
            200,
            "{\"status\":\"success\","
                + VECTOR
                + ",\"warnings\":[\"w1\",\"PromQL info: x\",\"w2\",\"w3\",\"w4\",\"w5\"]}");
    assertThat(partial.message()).contains("w1; w2; w3", "(and 2 more)").doesNotContain("w4");
  }

  static Stream<Arguments> sizeLimits() {
    return Stream.of(
        Arguments.of(
            "422",
            "execution",
            "query processing would load too many samples into memory in query execution",
            "Prometheus --query.max-samples"),
        Arguments.of(
            "422",
            "execution",
            "expanding series: the query hit the max number of series limit (limit: 1 series)",
            "Mimir/Cortex max series per query"),
        Arguments.of(
            "422",
            "execution",
            "The query hit the max number of series limit while fetching chunks {job=\\\"x\\\"}"
                + " (limit: 5)",
            "Mimir/Cortex max series per query"),
        Arguments.of(
            "422",
            "execution",
            "expanding series: the query hit the max number of chunks limit (limit: 2000000 chunks)",
            "Mimir/Cortex max chunks per query"),
        Arguments.of(
            "500",
            "internal",
            "expanding series: rpc error: code = Aborted desc = exceeded series limit: limit 10"
                + " violated (got 11)",
            "store series limit (Thanos, Mimir/Cortex)"),
        Arguments.of(
            "422",
            "422",
            "error when searching for tagFilters=[{__name__=\\\"m\\\"}]: the number of matching"
                + " timeseries exceeds 3; either narrow down the search or increase -search.max*"
                + " command-line flag values (the most likely limit is -search.maxUniqueTimeseries)",
            "VictoriaMetrics -search.maxUniqueTimeseries"),
        Arguments.of(
            "422",
            "422",
            "cannot select more than -search.maxSamplesPerQuery=10 samples; possible solutions:"
                + " increase -search.maxSamplesPerQuery",
            "VictoriaMetrics -search.maxSamplesPerQuery"));
  }

  @ParameterizedTest
  @MethodSource("sizeLimits")
  void eachBackendsSizeLimitIsQueryTooLargeNotABadQuery(
      String status, String type, String message, String limit) {
    var refused =
        failure(
            Integer.parseInt(status),
            "{\"status\":\"error\",\"errorType\":\"" + type + "\",\"error\":\"" + message + "\"}");
    assertThat(refused.error()).isEqualTo(SignalError.QUERY_TOO_LARGE);
    assertThat(refused.message()).startsWith("the backend's query-size limit (" + limit + "): ");
    assertThat(SignalError.QUERY_TOO_LARGE.retryable()).isFalse();
  }

  @Test
  void aTimeRangeLimitIsNotASizeLimitSplittingCouldGetUnder() {
    var refused =
        failure(
            422,
            "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"the query time range"
                + " exceeds the limit (query length: 721h, limit: 720h)\"}");
    assertThat(refused.error()).isEqualTo(SignalError.BAD_QUERY);
  }

  @Test
  void aSizeLimitInAProxysPlainTextIsStillTooLarge() {
    assertThat(
            failure(
                    422,
                    "cannot select more than -search.maxSamplesPerQuery=10 samples; possible"
                        + " solutions: increase -search.maxSamplesPerQuery")
                .error())
        .isEqualTo(SignalError.QUERY_TOO_LARGE);
  }

  @Test
  void prometheusRefusalsAreBadQueriesWithItsOwnMessage() {
    var bad =
        failure(
            400,
            "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"1:5: parse error:"
                + " unexpected \\\"}\\\"\"}");
    assertThat(bad.error()).isEqualTo(SignalError.BAD_QUERY);
    assertThat(bad.message()).contains("(bad_data)", "1:5: parse error: unexpected \"}\"");
    assertThat(
            failure(422, "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"x\"}")
                .error())
        .isEqualTo(SignalError.BAD_QUERY);
  }

  @Test
  void aRangeVectorOrAStringIsABadQuery() {
    assertThat(
            failure(
                    200,
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}")
                .message())
        .contains("range vector");
    assertThat(
            failure(
                    200,
                    "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1,\"a\"]}}")
                .error())
        .isEqualTo(SignalError.BAD_QUERY);
  }

  @Test
  void statusCodesAreClassified() {
    assertThat(failure(401, "<html>no</html>").error()).isEqualTo(SignalError.UNAUTHORIZED);
    assertThat(failure(403, "{}").error()).isEqualTo(SignalError.UNAUTHORIZED);
    assertThat(failure(503, "overloaded").error()).isEqualTo(SignalError.SERVER_ERROR);
    assertThat(failure(429, "slow down").error()).isEqualTo(SignalError.SERVER_ERROR);
    assertThat(
            failure(503, "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"t\"}")
                .error())
        .isEqualTo(SignalError.TIMEOUT);
    assertThat(failure(404, "404 page not found").message()).contains("/api/v1");
    assertThat(failure(200, "<html>").error()).isEqualTo(SignalError.BAD_RESPONSE);
  }

  @Test
  void unexpectedShapesAreBadResponses() {
    String[] bodies = {
      "",
      "null",
      "[]",
      "{\"status\":\"success\"}",
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":{}}}",
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":[1]}]}}",
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":[1,2]}]}}",
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":[1,\"0x1p3\"]}]}}",
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":[1,\"Infinity\"]}]}}",
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"a\":1},\"value\":[1,\"1\"]}]}}",
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"value\":[-5,\"1\"]}]}}",
      "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}} trailing",
      "{\"status\":\"maybe\"}",
      "[".repeat(10_000),
    };
    for (String body : bodies) {
      assertThat(failure(200, body).error()).as(body).isEqualTo(SignalError.BAD_RESPONSE);
    }
  }

  @Test
  void serverTextIsQuotedShortAndWithoutControlCharacters() {
    String message = failure(502, "a\nb\u0000c" + "x".repeat(5000)).message();
    assertThat(message).doesNotContain("\n").doesNotContain("\u0000").hasSizeLessThan(400);
  }

  /** 3000 cases per property. */
  static Stream<Long> seeds() {
    return Seeds.of(3000);
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void anyBytesGiveAnOutcomeAndNeverThrow(long seed) {
    Gen gen = new Gen(seed);
    byte[] body = gen.bytes(255);
    int status = gen.ints(100, 599);
    Seeds.check(
        seed,
        () -> "status=%d body=%s".formatted(status, HexFormat.of().formatHex(body)),
        () -> assertThat(ResponseParser.parse(status, body)).isNotNull());
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void anyMangledAnswerGivesAnOutcomeAndNeverThrows(long seed) {
    String body = mangled(new Gen(seed));
    Seeds.check(
        seed,
        () -> "body=" + body,
        () -> {
          QueryOutcome outcome = parse(200, body);
          assertThat(outcome).isNotNull();
          if (outcome instanceof QueryOutcome.Failure f) {
            assertThat(f.error()).isIn(SignalError.BAD_RESPONSE, SignalError.BAD_QUERY);
          }
        });
  }

  /** A real answer cut, spliced and with characters replaced. */
  private static String mangled(Gen gen) {
    String valid =
        "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
            + "{\"metric\":{\"namespace\":\"shop\",\"le\":\"+Inf\"},\"value\":[1700000000.5,\"0.25\"]}]}}";
    int cut = gen.ints(0, valid.length());
    String noise = gen.string(8, "{}[]\",:0123456789.eE+-NaInftrulsc ");
    return valid.substring(0, cut)
        + noise
        + valid.substring(Math.min(valid.length(), cut + noise.length()));
  }
}
