package dev.headroom.signals;

import static org.assertj.core.api.Assertions.assertThat;

import dev.headroom.signals.StubHttp.Reply;
import dev.headroom.testing.random.Gen;
import dev.headroom.testing.random.Seeds;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A grouped query a backend refuses at its query-size limit is split by namespace and asked again
 * until every part fits; only a policy whose own query is too large is left without a value, with
 * the limit named. The stub is a backend that refuses a query selecting more than {@code limit}
 * series (one per target), with VictoriaMetrics' words.
 */
class QuerySplittingTest {
  private static final String THROUGHPUT =
      "budgets:\n  throughput: {minRequestsPerSecond: 1, metric: {preset: Micrometer}}\n";
  private static final String TOO_LARGE =
      "{\"status\":\"error\",\"errorType\":\"422\",\"error\":\"error when searching for"
          + " tagFilters=[{__name__=\\\"http_server_requests_seconds_count\\\"}]: the number of"
          + " matching timeseries exceeds %d; either narrow down the search or increase"
          + " -search.max* command-line flag values (the most likely limit is"
          + " -search.maxUniqueTimeseries)\"}";
  private static final Pattern FILTER = Pattern.compile("namespace=~\"([^\"]*)\"");
  private static final Pattern ONE_NAMESPACE = Pattern.compile("namespace=\"(n\\d\\d)\"");
  private static final Pattern ONE_TARGET = Pattern.compile("pod=~\"(t\\d)-");

  private final Instant now = Instant.now();

  /** Targets {@code t0..t(n-1)} in namespace {@code nXX}, one pod each. */
  private record Fleet(int[] targetsPerNamespace) {
    String namespace(int i) {
      return "n%02d".formatted(i);
    }

    static double value(int namespace, int target) {
      return namespace * 10 + target + 0.5;
    }

    int targets() {
      int n = 0;
      for (int t : targetsPerNamespace) {
        n += t;
      }
      return n;
    }
  }

  private Reply answer(Fleet fleet, int limit, String query) {
    boolean freshness = query.contains("timestamp(");
    double seconds = now.toEpochMilli() / 1000.0;
    if (!query.contains("label_replace")) {
      Matcher ns = ONE_NAMESPACE.matcher(query);
      Matcher target = ONE_TARGET.matcher(query);
      if (!ns.find() || !target.find()) {
        return Reply.status(
            400, "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"?\"}");
      }
      if (limit < 1) {
        return Reply.status(422, TOO_LARGE.formatted(limit));
      }
      int n = Integer.parseInt(ns.group(1).substring(1));
      int t = Integer.parseInt(target.group(1).substring(1));
      return Reply.ok(
          StubHttp.vector("{}", Double.toString(freshness ? seconds : Fleet.value(n, t))));
    }
    Matcher filter = FILTER.matcher(query);
    List<String> series = new ArrayList<>();
    for (int n = 0; n < fleet.targetsPerNamespace().length; n++) {
      String namespace = fleet.namespace(n);
      if (filter.find(0) && !List.of(filter.group(1).split("\\|")).contains(namespace)) {
        continue;
      }
      for (int t = 0; t < fleet.targetsPerNamespace()[n]; t++) {
        series.add("{\"namespace\":\"%s\",\"headroom_target\":\"t%d\"}".formatted(namespace, t));
        series.add(Double.toString(freshness ? seconds : Fleet.value(n, t)));
      }
    }
    if (series.size() / 2 > limit) {
      return Reply.status(422, TOO_LARGE.formatted(limit));
    }
    return Reply.ok(StubHttp.vector(series.toArray(String[]::new)));
  }

  private CycleResult read(Fleet fleet, int limit, List<PolicyTarget> policies, StubHttp stub) {
    try (SignalReader reader =
        new SignalReader(
            SignalSettings.defaults().withRetries(1, Duration.ofMillis(1), Duration.ofMillis(1)),
            new PrometheusRegistry(),
            new SplittableRandom(1),
            d -> {},
            java.time.InstantSource.system())) {
      return reader.readCycle(policies, now);
    }
  }

  private static List<PolicyTarget> policies(Fleet fleet, EndpointConfig endpoint) {
    List<PolicyTarget> policies = new ArrayList<>();
    for (int n = 0; n < fleet.targetsPerNamespace().length; n++) {
      for (int t = 0; t < fleet.targetsPerNamespace()[n]; t++) {
        policies.add(Policies.policy(fleet.namespace(n), "p" + t, "t" + t, endpoint, THROUGHPUT));
      }
    }
    return policies;
  }

  static Stream<Long> seeds() {
    return Seeds.of(40);
  }

  @ParameterizedTest(name = Seeds.NAME)
  @MethodSource("seeds")
  void everyPolicyGetsItsOwnValueWhateverTheLimitAsLongAsItsOwnQueryFits(long seed) {
    Gen gen = new Gen(seed);
    int[] perNamespace = new int[gen.ints(1, 12)];
    for (int i = 0; i < perNamespace.length; i++) {
      perNamespace[i] = gen.ints(1, 4);
    }
    Fleet fleet = new Fleet(perNamespace);
    int limit = gen.ints(1, fleet.targets() + 1);
    Seeds.check(
        seed,
        () ->
            "targets per namespace " + java.util.Arrays.toString(perNamespace) + ", limit " + limit,
        () -> {
          try (StubHttp stub = StubHttp.start(r -> answer(fleet, limit, r.form("query")))) {
            List<PolicyTarget> policies = policies(fleet, EndpointConfig.of(stub.url()));
            CycleResult cycle = read(fleet, limit, policies, stub);
            for (PolicyTarget p : policies) {
              PolicySignals read = cycle.policies().get(p.id());
              assertThat(read.status().available()).as(p.id() + " " + read.status()).isTrue();
              int n = Integer.parseInt(p.id().namespace().substring(1));
              int t = Integer.parseInt(p.spec().targetRef().name().substring(1));
              assertThat(read.signals().requestRate().orElseThrow().value())
                  .as(p.id().toString())
                  .isEqualTo(Fleet.value(n, t));
            }
            // Two families (freshness, throughput), each a tree of namespace halves (at most
            // 2 × namespaces − 1 grouped queries) ending in at most one query per target.
            int bound = 2 * (2 * perNamespace.length - 1 + fleet.targets());
            assertThat(cycle.queriesIssued()).isLessThanOrEqualTo(bound);
            if (limit >= fleet.targets() && fleet.targets() > 1) {
              assertThat(cycle.queriesIssued()).as("nothing to split").isEqualTo(2);
            }
          }
        });
  }

  @Test
  void sixNamespacesUnderALimitOfTwoSeriesAreReadInHalvesAndQuarters() {
    Fleet fleet = new Fleet(new int[] {1, 1, 1, 1, 1, 1});
    try (StubHttp stub = StubHttp.start(r -> answer(fleet, 2, r.form("query")))) {
      CycleResult cycle = read(fleet, 2, policies(fleet, EndpointConfig.of(stub.url())), stub);
      assertThat(cycle.policies().values()).allMatch(p -> p.status().available());
      // Per family: all 6 refused, 3 + 3 refused, then 1 + 2 twice (the 1 asked on its own).
      assertThat(cycle.queriesIssued()).isEqualTo(2 * (1 + 2 + 4));
    }
  }

  @Test
  void aPolicyWhoseOwnQueryIsTooLargeSaysWhichLimitAndTheOthersStillRead() {
    Fleet fleet = new Fleet(new int[] {3});
    try (StubHttp stub = StubHttp.start(r -> answer(fleet, 0, r.form("query")))) {
      CycleResult cycle = read(fleet, 0, policies(fleet, EndpointConfig.of(stub.url())), stub);
      for (PolicySignals p : cycle.policies().values()) {
        assertThat(p.status().reason()).isEqualTo("QueryTooLarge");
        assertThat(p.status().message())
            .contains(
                "the backend's query-size limit (VictoriaMetrics -search.maxUniqueTimeseries): ");
        assertThat(p.signals().requestRate()).isEmpty();
      }
      // One namespace: no halves to try; the grouped query, then one per target, per family.
      assertThat(cycle.queriesIssued()).isEqualTo(2 * (1 + 3));
    }
  }
}
