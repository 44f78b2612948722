package dev.headroom.signals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * How to authenticate to Prometheus, with values the reconciler has already read from Secrets.
 * Their {@code toString} never shows a secret, so a credential can not reach a log, an Event or a
 * status message by accident.
 */
public sealed interface Credentials {
  /** The {@code Authorization} header value, if any. */
  Optional<String> authorization();

  static Credentials none() {
    return None.INSTANCE;
  }

  static Credentials bearer(String token) {
    return new BearerToken(token);
  }

  static Credentials basic(String username, String password) {
    return new Basic(username, password);
  }

  /** No credentials. */
  enum None implements Credentials {
    INSTANCE;

    @Override
    public Optional<String> authorization() {
      return Optional.empty();
    }

    @Override
    public String toString() {
      return "None";
    }
  }

  /**
   * {@code Authorization: Bearer <token>}; surrounding whitespace (a Secret's newline) is dropped.
   */
  record BearerToken(String token) implements Credentials {
    public BearerToken {
      Objects.requireNonNull(token, "token");
      if (token.strip().indexOf('\n') >= 0 || token.strip().indexOf('\r') >= 0) {
        // The message names the field, never the value.
        throw new IllegalArgumentException("the bearer token contains a line break");
      }
    }

    @Override
    public Optional<String> authorization() {
      return Optional.of("Bearer " + token.strip());
    }

    @Override
    public String toString() {
      return "BearerToken[token=<redacted>]";
    }
  }

  /** HTTP basic auth. */
  record Basic(String username, String password) implements Credentials {
    public Basic {
      Objects.requireNonNull(username, "username");
      Objects.requireNonNull(password, "password");
    }

    @Override
    public Optional<String> authorization() {
      String pair = username + ":" + password;
      return Optional.of(
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
      return "Basic[username=<redacted>, password=<redacted>]";
    }
  }
}
