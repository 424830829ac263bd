package io.citypulse.app.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The types a config value can have, each with its parser and a description for error messages. */
public enum ValueType {
  STRING("text") {
    @Override
    Object parse(String raw) {
      return raw;
    }
  },
  INT("an integer") {
    @Override
    Object parse(String raw) {
      return Integer.parseInt(raw.trim());
    }
  },
  DOUBLE("a number") {
    @Override
    Object parse(String raw) {
      return Double.parseDouble(raw.trim());
    }
  },
  BOOLEAN("true or false") {
    @Override
    Object parse(String raw) {
      return switch (raw.trim().toLowerCase(Locale.ROOT)) {
        case "true", "yes", "on" -> true;
        case "false", "no", "off" -> false;
        default -> throw new IllegalArgumentException(raw);
      };
    }
  },
  DURATION("a duration such as 500ms, 30s, 5m or 1h") {
    @Override
    Object parse(String raw) {
      return parseDuration(raw);
    }
  },
  URI_VALUE("a URL") {
    @Override
    Object parse(String raw) {
      try {
        URI uri = new URI(raw.trim());
        if (uri.getScheme() == null) {
          throw new IllegalArgumentException(raw);
        }
        return uri;
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(raw, e);
      }
    }
  },
  PATH("a file path") {
    @Override
    Object parse(String raw) {
      return Path.of(raw.trim());
    }
  };

  private static final Pattern DURATION_PATTERN =
      Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|h|d)");

  private final String description;

  ValueType(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }

  /** Parses a raw value; throws any RuntimeException on a malformed value. */
  abstract Object parse(String raw);

  static Duration parseDuration(String raw) {
    String text = raw.trim().toLowerCase(Locale.ROOT);
    if (text.equals("0")) {
      return Duration.ZERO; // "none" for keys that allow it (a retention of 0 keeps everything)
    }
    if (text.startsWith("pt")) {
      return Duration.parse(text.toUpperCase(Locale.ROOT));
    }
    Matcher m = DURATION_PATTERN.matcher(text);
    if (!m.matches()) {
      throw new IllegalArgumentException(raw);
    }
    double amount = Double.parseDouble(m.group(1));
    long millis = switch (m.group(2)) {
      case "ms" -> Math.round(amount);
      case "s" -> Math.round(amount * 1_000);
      case "m" -> Math.round(amount * 60_000);
      case "h" -> Math.round(amount * 3_600_000);
      default -> Math.round(amount * 86_400_000);
    };
    return Duration.ofMillis(millis);
  }
}
