package dev.headroom.reconciler;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.headroom.engine.CapacityEstimate;
import dev.headroom.engine.EngineState;
import dev.headroom.engine.Ineffective;
import dev.headroom.engine.LatencyCheck;
import dev.headroom.engine.Sample;
import dev.headroom.engine.behavior.BehaviorState;
import dev.headroom.engine.behavior.Recommendation;
import dev.headroom.engine.behavior.ScaleEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineStateCodecTest {
  private static final Instant T = Instant.parse("2026-11-23T12:00:00Z");

  private static EngineState everythingSet() {
    return new EngineState(
        new BehaviorState(
            List.of(new Recommendation(T, 7), new Recommendation(T.plusSeconds(15), 9)),
            List.of(new ScaleEvent(T, 2)),
            List.of(new ScaleEvent(T.minusSeconds(400), -1))),
        new CapacityEstimate(
            0.05,
            Map.of("latency/p95", 1.4),
            Map.of("latency/p95", 0.02),
            Map.of("latency/p95", new CapacityEstimate.Overload(12.5, T.minusSeconds(60)))),
        Map.of("latency/p95", T.minusSeconds(90)),
        List.of(new LatencyCheck("latency/p95", T, 9, 0.4, 0.2)),
        Map.of("latency/p99", new Ineffective(T, 9, 200, 0.9)),
        T.minusSeconds(600),
        List.of(new Sample(190, T.minusSeconds(15)), new Sample(200, T)),
        T.minusSeconds(30));
  }

  @Test
  void aStateSurvivesTheRoundTripThroughStatus() throws Exception {
    EngineState state = everythingSet();
    var encoded = EngineStateCodec.encode(state);
    // As the apiserver would hand it back: text, parsed again.
    var reparsed = new ObjectMapper().readTree(encoded.toString());
    assertThat(EngineStateCodec.decode(reparsed)).contains(state);
  }

  @Test
  void overloadPointsSurviveTheRoundTrip() throws Exception {
    EngineState state = everythingSet();
    var reparsed = new ObjectMapper().readTree(EngineStateCodec.encode(state).toString());
    assertThat(reparsed.at("/state/capacity/overloads/latency~1p95/rpsPerReplica").asDouble())
        .isEqualTo(12.5);
    assertThat(EngineStateCodec.decode(reparsed))
        .hasValueSatisfying(
            s ->
                assertThat(s.capacity().overloads())
                    .containsEntry(
                        "latency/p95", new CapacityEstimate.Overload(12.5, T.minusSeconds(60))));
  }

  @Test
  void aStateWrittenBeforeOverloadsWereKeptStillReads() throws Exception {
    EngineState state = everythingSet();
    var old = (ObjectNode) new ObjectMapper().readTree(EngineStateCodec.encode(state).toString());
    ((ObjectNode) old.get("state").get("capacity")).remove("overloads");
    assertThat(old.get("state").get("capacity").has("overloads")).isFalse();
    var decoded = EngineStateCodec.decode(old);
    assertThat(decoded).isPresent();
    assertThat(decoded.get().capacity().overloads()).isEmpty();
    assertThat(decoded.get().capacity().residual("latency/p95")).isEqualTo(0.02);
    assertThat(decoded.get().capacity().queueFactor("latency/p95")).isEqualTo(1.4);
    assertThat(decoded.get().pendingChecks()).isEqualTo(state.pendingChecks());
  }

  @Test
  void theInitialStateSurvivesToo() {
    assertThat(EngineStateCodec.decode(EngineStateCodec.encode(EngineState.initial())))
        .contains(EngineState.initial());
  }

  @Test
  void aStateThatDoesNotReadIsAbsentNotAnError() throws Exception {
    var mapper = new ObjectMapper();
    assertThat(EngineStateCodec.decode(null)).isEmpty();
    assertThat(EngineStateCodec.decode(mapper.readTree("{\"version\": 99, \"state\": {}}")))
        .isEmpty();
    assertThat(
            EngineStateCodec.decode(
                mapper.readTree(
                    "{\"version\": 1, \"state\": {\"lastResourceChange\": \"yesterday\"}}")))
        .isEmpty();
    assertThat(EngineStateCodec.decode(mapper.readTree("[1, 2]"))).isEmpty();
  }
}
