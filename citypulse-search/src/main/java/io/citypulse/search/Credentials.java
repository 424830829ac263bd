package io.citypulse.search;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link SearchClient} authenticates: not at all (a local node without the security plugin),
 * HTTP basic (OpenSearch's internal users, Elasticsearch's native realm) or an Elasticsearch API
 * key ({@code Authorization: ApiKey <base64 id:key>}, the "encoded" value Kibana shows).
 *
 * <p>Secrets come from the environment ({@link #fromEnvironment}), never from a URL or a config
 * file that might be shared; {@code toString()} never shows them, so logging a client or an
 * exception cannot leak them.
 */
public sealed interface Credentials {
  /** {@code CITYPULSE_STORAGE_SEARCH_USER} (with {@link #PASSWORD_ENV}): basic authentication. */
  String USER_ENV = "CITYPULSE_STORAGE_SEARCH_USER";

  String PASSWORD_ENV = "CITYPULSE_STORAGE_SEARCH_PASSWORD";

  /** {@code CITYPULSE_STORAGE_SEARCH_API_KEY}: an Elasticsearch API key, preferred over a user. */
  String API_KEY_ENV = "CITYPULSE_STORAGE_SEARCH_API_KEY";

  /** The value of the {@code Authorization} header, empty for {@link None}. */
  Optional<String> authorizationHeader();

  /** A description that is safe to log: the kind and the user, never a secret. */
  @Override
  String toString();

  static Credentials none() {
    return None.INSTANCE;
  }

  static Credentials basic(String user, String password) {
    return new Basic(user, password);
  }

  static Credentials apiKey(String encodedKey) {
    return new ApiKey(encodedKey);
  }

  /**
   * From environment variables: {@link #API_KEY_ENV} if set, else {@link #USER_ENV} and {@link
   * #PASSWORD_ENV}, else none.
   *
   * @throws IllegalArgumentException when a user is set without a password, or the reverse
   */
  static Credentials fromEnvironment(Map<String, String> env) {
    String apiKey = blankToNull(env.get(API_KEY_ENV));
    if (apiKey != null) {
      return apiKey(apiKey);
    }
    String user = blankToNull(env.get(USER_ENV));
    String password = blankToNull(env.get(PASSWORD_ENV));
    if (user == null && password == null) {
      return none();
    }
    if (user == null || password == null) {
      throw new IllegalArgumentException(
          "set both " + USER_ENV + " and " + PASSWORD_ENV + " (or " + API_KEY_ENV + ")");
    }
    return basic(user, password);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }

  /** No Authorization header. */
  final class None implements Credentials {
    private static final None INSTANCE = new None();

    private None() {}

    @Override
    public Optional<String> authorizationHeader() {
      return Optional.empty();
    }

    @Override
    public String toString() {
      return "no credentials";
    }
  }

  /** HTTP basic authentication; the password stays inside. */
  final class Basic implements Credentials {
    private final String user;
    private final String password;

    private Basic(String user, String password) {
      this.user = Objects.requireNonNull(user, "user");
      this.password = Objects.requireNonNull(password, "password");
      if (user.contains(":")) {
        throw new IllegalArgumentException("a basic-auth user name cannot contain ':'");
      }
    }

    public String user() {
      return user;
    }

    @Override
    public Optional<String> authorizationHeader() {
      return Optional.of("Basic "
          + Base64.getEncoder()
              .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
      return "basic auth as " + user + " (password hidden)";
    }
  }

  /** An Elasticsearch API key, sent as {@code Authorization: ApiKey <key>}. */
  final class ApiKey implements Credentials {
    private final String key;

    private ApiKey(String key) {
      this.key = Objects.requireNonNull(key, "key");
    }

    @Override
    public Optional<String> authorizationHeader() {
      return Optional.of("ApiKey " + key);
    }

    @Override
    public String toString() {
      return "API key (hidden)";
    }
  }
}
