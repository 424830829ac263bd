package io.citypulse.app.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Resolved configuration. Precedence, lowest first: defaults, the HOCON file, environment
 * variables ({@link ConfigKey#envVariable()}), command-line flags.
 */
public final class Settings {
  private final Map<String, Object> values;
  private final Map<String, String> origins;
  private final Map<String, String> explicit;
  private final Map<String, Config> sections;

  private Settings(
      Map<String, Object> values,
      Map<String, String> origins,
      Map<String, String> explicit,
      Map<String, Config> sections) {
    this.values = values;
    this.origins = origins;
    this.explicit = explicit;
    this.sections = sections;
  }

  /**
   * @param file HOCON file, or null for none
   * @param env environment variables (System.getenv() in production)
   * @param flags values from command-line flags, by key name
   * @throws ConfigException naming the key on any unknown key or bad value
   */
  public static Settings load(Path file, Map<String, String> env, Map<String, String> flags) {
    return load(file, env, flags, Map.of());
  }

  /**
   * As {@link #load(Path, Map, Map)}, with {@code profileDefaults} replacing some defaults (the
   * {@code demo} command's, say) while the file, environment and flags still override them.
   */
  public static Settings load(
      Path file,
      Map<String, String> env,
      Map<String, String> flags,
      Map<String, String> profileDefaults) {
    Map<String, String> raw = new LinkedHashMap<>();
    Map<String, String> origins = new HashMap<>();
    for (ConfigKey<?> key : CitypulseConfig.ALL) {
      raw.put(key.name(), key.defaultValue());
      origins.put(key.name(), "default");
    }
    profileDefaults.forEach((name, value) -> {
      requireKnown(name, "profile defaults");
      raw.put(name, value);
      origins.put(name, "default of this command");
    });
    Map<String, Config> sections = new HashMap<>();
    if (file != null) {
      Config parsed = parseFile(file);
      for (String section : CitypulseConfig.SECTIONS) {
        if (parsed.hasPath(section)) {
          sections.put(section, parsed.getConfig(section));
        }
      }
      readFile(file, parsed).forEach((name, value) -> {
        raw.put(name, value);
        origins.put(name, "file " + file);
      });
    }
    for (ConfigKey<?> key : CitypulseConfig.ALL) {
      String value = env.get(key.envVariable());
      if (value != null) {
        raw.put(key.name(), value);
        origins.put(key.name(), "environment variable " + key.envVariable());
      }
    }
    flags.forEach((name, value) -> {
      if (value == null) {
        return;
      }
      String section = sectionOf(name);
      if (section != null) {
        // --set weather.scraper.recipes.timeanddate.enabled=true: over the file's section.
        Config one = ConfigFactory.parseMap(Map.of(name.substring(section.length() + 1), value));
        sections.merge(section, one, (held, added) -> added.withFallback(held));
        return;
      }
      requireKnown(name, "command line");
      raw.put(name, value);
      origins.put(name, "command-line flag");
    });
    Map<String, Object> values = new HashMap<>();
    for (ConfigKey<?> key : CitypulseConfig.ALL) {
      String value = raw.get(key.name());
      boolean unset = value.isBlank() && key.type() != ValueType.STRING;
      values.put(key.name(), unset ? null : key.parse(value, origins.get(key.name())));
    }
    Map<String, String> explicit = new LinkedHashMap<>();
    for (ConfigKey<?> key : CitypulseConfig.ALL) {
      if (!origins.get(key.name()).startsWith("default")) {
        explicit.put(key.name(), raw.get(key.name()));
      }
    }
    Settings settings = new Settings(values, origins, Map.copyOf(explicit), Map.copyOf(sections));
    settings.checkConsistency();
    return settings;
  }

  /** Defaults only (tests and documentation). */
  public static Settings defaults() {
    return load(null, Map.of(), Map.of());
  }

  private static Config parseFile(Path file) {
    if (!Files.isRegularFile(file)) {
      throw new ConfigException("config file " + file + " does not exist or is not a file");
    }
    try {
      return ConfigFactory.parseFile(
              file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
          .resolve();
    } catch (com.typesafe.config.ConfigException e) {
      throw new ConfigException(
          "config file " + file + " is not valid HOCON: " + e.getMessage(), e);
    }
  }

  /** The section ({@link CitypulseConfig#SECTIONS}) a dotted name lies in, or null. */
  private static String sectionOf(String name) {
    return CitypulseConfig.SECTIONS.stream()
        .filter(section -> name.startsWith(section + "."))
        .findFirst()
        .orElse(null);
  }

  private static Map<String, String> readFile(Path file, Config config) {
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, ConfigValue> entry : config.entrySet()) {
      String name = entry.getKey();
      if (sectionOf(name) != null) {
        continue;
      }
      requireKnown(name, "file " + file);
      Object unwrapped = entry.getValue().unwrapped();
      if (unwrapped instanceof Iterable<?> list) {
        StringBuilder joined = new StringBuilder();
        list.forEach(item -> joined.append(joined.length() == 0 ? "" : ",").append(item));
        result.put(name, joined.toString());
      } else {
        result.put(name, String.valueOf(unwrapped));
      }
    }
    return result;
  }

  private static void requireKnown(String name, String origin) {
    boolean known = CitypulseConfig.ALL.stream().anyMatch(k -> k.name().equals(name));
    if (!known) {
      String closest = CitypulseConfig.ALL.stream()
          .map(ConfigKey::name)
          .min(Comparator.comparingInt(k -> editDistance(k, name)))
          .orElseThrow();
      throw new ConfigException("unknown config key '" + name + "' (" + origin + "); did you mean '"
          + closest + "'? Run 'citypulse config' to list every key.");
    }
  }

  private void checkConsistency() {
    if (get(CitypulseConfig.MIN_INTERVAL).compareTo(get(CitypulseConfig.MAX_INTERVAL)) > 0) {
      throw new ConfigException(
          "config key 'gbfs.min-interval' (" + origin(CitypulseConfig.MIN_INTERVAL)
              + "): must not exceed gbfs.max-interval (" + get(CitypulseConfig.MAX_INTERVAL) + ")");
    }
    if (get(CitypulseConfig.BACKOFF_INITIAL).compareTo(get(CitypulseConfig.BACKOFF_MAX)) > 0) {
      throw new ConfigException("config key 'gbfs.backoff.initial' ("
          + origin(CitypulseConfig.BACKOFF_INITIAL) + "): must not exceed gbfs.backoff.max");
    }
  }

  /**
   * Every key set by the file, the environment or a flag (not left at a default), as written: what
   * another process needs to resolve the same settings ({@code citypulse submit} passes them on).
   */
  public Map<String, String> explicit() {
    return explicit;
  }

  /**
   * A free-form section of the file ({@link CitypulseConfig#SECTIONS}) as JSON, with the
   * {@code --set} values under it applied; {@code {}} when there is none.
   */
  public String sectionJson(String section) {
    Config config = sections.get(section);
    return config == null
        ? "{}"
        : config.root().render(com.typesafe.config.ConfigRenderOptions.concise());
  }

  /** The value of a key; null for an unset optional path or URL. */
  public <T> T get(ConfigKey<T> key) {
    return key.javaType().cast(values.get(key.name()));
  }

  /** Where the value of a key came from, e.g. "default" or "environment variable CITYPULSE_...". */
  public String origin(ConfigKey<?> key) {
    return origins.get(key.name());
  }

  /** The effective configuration as HOCON-like lines, for {@code citypulse config --effective}. */
  public String render() {
    return CitypulseConfig.ALL.stream()
        .map(k -> k.name() + " = " + quote(shown(k)) + "   # " + origins.get(k.name()))
        .collect(Collectors.joining("\n"));
  }

  private Object shown(ConfigKey<?> key) {
    Object value = values.get(key.name());
    boolean set = value != null && !value.toString().isEmpty();
    if (set && CitypulseConfig.SECRETS.contains(key)) {
      return "****";
    }
    // A password written into a URL (redis://:secret@host, jdbc:...//user:secret@host) too.
    return value == null ? null : URL_PASSWORD.matcher(value.toString()).replaceAll("$1****@");
  }

  private static final java.util.regex.Pattern URL_PASSWORD =
      java.util.regex.Pattern.compile("(://[^:/@\\s]*:)[^@/\\s]+@");

  private static String quote(Object value) {
    return value == null ? "\"\"" : "\"" + value + "\"";
  }

  private static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
