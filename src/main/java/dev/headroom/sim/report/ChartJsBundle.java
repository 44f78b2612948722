package dev.headroom.sim.report;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Chart.js from its WebJar, made fit to inline into a {@code <script>} element of a page that must
 * work offline and reference nothing outside itself.
 */
final class ChartJsBundle {
  /** Must match the WebJar version in pom.xml; bump both together. */
  static final String VERSION = "4.4.1";

  private static final String WEBJAR = "META-INF/resources/webjars/chart.js/" + VERSION + "/";
  private static final String SCRIPT = WEBJAR + "dist/chart.umd.js";
  private static final String LICENCE = WEBJAR + "LICENSE.md";

  /**
   * The banner comments name the project pages as URLs; the page must contain none, so the scheme
   * is dropped (the name stays, as attribution).
   */
  private static final Pattern BANNER_URL = Pattern.compile("(?m)^( \\* )https?://");

  /** The map is not inlined, so a browser's developer tools would only fail to fetch it. */
  private static final Pattern SOURCE_MAP = Pattern.compile("(?m)^//# sourceMappingURL=.*$");

  private ChartJsBundle() {}

  /** The script text, safe between {@code <script>} and {@code </script>}. */
  static String script() {
    return Holder.SCRIPT;
  }

  /** The MIT licence text Chart.js is distributed under, safe inside a block comment. */
  static String licence() {
    return Holder.LICENCE;
  }

  private static final class Holder {
    static final String SCRIPT = loadScript();
    static final String LICENCE = loadLicence();
  }

  private static String loadScript() {
    String script = read(SCRIPT);
    script = BANNER_URL.matcher(script).replaceAll("$1");
    script = SOURCE_MAP.matcher(script).replaceAll("");
    // A new Chart.js version may bring URLs or markup this code was not written for: fail loudly
    // rather than ship a page that reaches out or breaks its own script element.
    if (script.contains("://")) {
      throw new IllegalStateException("Chart.js " + VERSION + " contains a URL outside a banner");
    }
    // "<!--" inside a script element switches the HTML parser into a state where "</script>"
    // may no longer end it.
    String lowerCase = script.toLowerCase(Locale.ROOT);
    if (lowerCase.contains("</script") || lowerCase.contains("<!--")) {
      throw new IllegalStateException("Chart.js " + VERSION + " contains </script or <!--");
    }
    return script.strip();
  }

  private static String loadLicence() {
    String licence = read(LICENCE).strip();
    if (licence.contains("*/") || licence.contains("://") || licence.contains("</")) {
      throw new IllegalStateException("Chart.js licence text cannot be placed in a comment as is");
    }
    return licence;
  }

  private static String read(String resource) {
    try (InputStream in = ChartJsBundle.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the class path (WebJar missing)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("reading " + resource, e);
    }
  }
}
