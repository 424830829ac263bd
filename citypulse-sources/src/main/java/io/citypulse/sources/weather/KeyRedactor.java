package io.citypulse.sources.weather;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes API keys from text before it is logged, shown in a status or written to a dead letter:
 * the value of any key-like query parameter, and the configured key itself wherever it appears
 * (an error message may echo it).
 */
public final class KeyRedactor {
  public static final String MASK = "***";

  private static final Pattern KEY_PARAMETER =
      Pattern.compile("(?i)([?&;](?:appid|apikey|api_key|key|token|access_token)=)[^&#\\s\"']*");

  private final String key;

  /** @param key the secret to hide; null or blank when the source has none */
  public KeyRedactor(String key) {
    this.key = key == null || key.isBlank() ? null : key;
  }

  public String redact(String text) {
    if (text == null) {
      return null;
    }
    String redacted = KEY_PARAMETER.matcher(text).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    return key == null ? redacted : redacted.replace(key, MASK);
  }

  public URI redact(URI uri) {
    try {
      return URI.create(redact(uri.toString()));
    } catch (IllegalArgumentException e) {
      return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath());
    }
  }
}
