package dev.headroom.sim.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Optional;

/** Streams JSON with a fixed layout: the order fields are written in is the order they appear. */
final class JsonText {
  private static final JsonFactory FACTORY = new JsonFactory();

  /** Writes one JSON document. */
  @FunctionalInterface
  interface Body {
    void writeTo(JsonGenerator json) throws IOException;
  }

  private JsonText() {}

  /** Indented by two spaces with "\n" line ends whatever the platform, so bytes are stable. */
  static String pretty(Body body) {
    DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
    DefaultPrettyPrinter printer =
        new DefaultPrettyPrinter(
                Separators.createDefaultInstance()
                    .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
            .withObjectIndenter(indenter)
            .withArrayIndenter(indenter);
    return write(body, printer);
  }

  static String compact(Body body) {
    return write(body, null);
  }

  /** A number already formatted by {@link Numbers}, or null when it has no value. */
  static void number(JsonGenerator json, Optional<String> text) throws IOException {
    if (text.isPresent()) {
      json.writeNumber(text.get());
    } else {
      json.writeNull();
    }
  }

  private static String write(Body body, DefaultPrettyPrinter printer) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = FACTORY.createGenerator(out)) {
      if (printer != null) {
        json.setPrettyPrinter(printer);
      }
      body.writeTo(json);
    } catch (IOException e) {
      throw new UncheckedIOException("writing JSON to a string", e);
    }
    return out.toString();
  }
}
