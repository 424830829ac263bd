package io.citypulse.app.config;

import java.util.Locale;
import java.util.function.Predicate;

/**
 * One configuration key, declared once: name, type, default, documentation and a range check.
 *
 * @param name dotted HOCON path, e.g. {@code gbfs.min-interval}
 * @param defaultValue the default as text ("" = not set)
 * @param check extra validation of the parsed value
 * @param checkDescription what {@code check} requires, for the error message
 */
public record ConfigKey<T>(
    String name,
    ValueType type,
    Class<T> javaType,
    String defaultValue,
    String doc,
    Predicate<T> check,
    String checkDescription) {

  /** The environment variable that overrides this key: CITYPULSE_ + upper-case name, '.' and '-' as '_'. */
  public String envVariable() {
    return "CITYPULSE_" + name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** Parses and validates a raw value, naming this key and the origin of the value on failure. */
  T parse(String raw, String origin) {
    Object parsed;
    try {
      parsed = type.parse(raw);
    } catch (RuntimeException e) {
      throw new ConfigException("config key '" + name + "' (" + origin + "): expected "
          + type.description() + ", got '" + raw + "'");
    }
    T value = javaType.cast(parsed);
    if (check != null && !check.test(value)) {
      throw new ConfigException("config key '" + name + "' (" + origin + "): " + checkDescription
          + ", got '" + raw + "'");
    }
    return value;
  }
}
