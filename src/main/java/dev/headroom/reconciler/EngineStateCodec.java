package dev.headroom.reconciler;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.headroom.engine.EngineState;
import java.io.IOException;
import java.time.Instant;
import java.util.Optional;

/**
 * The engine's state as the JSON kept in {@code status.engineState}, and back. A state that no
 * longer reads (written by another version, or edited by hand) is not an error: the engine starts
 * afresh, which only costs it what it had learned, and the caller says so.
 */
final class EngineStateCodec {
  /** Bumped when the layout changes incompatibly; a state of another version is not read. */
  static final int VERSION = 1;

  private static final String VERSION_FIELD = "version";
  private static final String STATE_FIELD = "state";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .registerModule(
              new SimpleModule("instants")
                  .addSerializer(Instant.class, new InstantSerializer())
                  .addDeserializer(Instant.class, new InstantDeserializer()))
          .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  private EngineStateCodec() {}

  static JsonNode encode(EngineState state) {
    var node = MAPPER.createObjectNode();
    node.put(VERSION_FIELD, VERSION);
    node.set(STATE_FIELD, MAPPER.valueToTree(state));
    return node;
  }

  /** The state, or empty when there is none or it does not read. */
  static Optional<EngineState> decode(JsonNode node) {
    if (node == null || !node.isObject() || node.path(VERSION_FIELD).asInt(-1) != VERSION) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(MAPPER.treeToValue(node.get(STATE_FIELD), EngineState.class));
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static final class InstantSerializer extends JsonSerializer<Instant> {
    @Override
    public void serialize(Instant value, JsonGenerator gen, SerializerProvider serializers)
        throws IOException {
      gen.writeString(value.toString());
    }
  }

  private static final class InstantDeserializer extends JsonDeserializer<Instant> {
    @Override
    public Instant deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      try {
        return Instant.parse(parser.getValueAsString());
      } catch (RuntimeException e) {
        throw context.weirdStringException(
            parser.getValueAsString(), Instant.class, e.getMessage());
      }
    }
  }
}
