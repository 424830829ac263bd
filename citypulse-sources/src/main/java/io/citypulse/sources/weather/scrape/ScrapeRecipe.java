package io.citypulse.sources.weather.scrape;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.model.Json;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.jsoup.select.Evaluator;
import org.jsoup.select.Selector;

/**
 * How to read one site's weather pages: the page URL per location, a CSS selector per field,
 * the page's number format, time zone and date formats, and whether the site's terms allow
 * scraping it at all ({@link #enabled()}). Immutable; selectors, regexes and date patterns are
 * checked when the recipe is read, so a typo fails at start-up, naming its config key.
 *
 * <p>Read from JSON ({@link #fromJson}) or from the map the CLI makes of its HOCON subtree
 * {@code weather.scraper.recipes.NAME} ({@link #fromMap}). Keys:
 *
 * <pre>{@code
 * enabled        true | false (default true): false for sites whose terms forbid automated
 *                downloads without permission
 * terms          a note on the site's terms of use, shown when the recipe is refused
 * url            URL template: {key} {name} {city} {country} {country-lower} {country-name}
 *                {lat} {lon}, and {name-slug} {city-slug} {country-name-slug}
 * urls           { location-key: URL } for pages a template cannot name (optional)
 * number_format  point (1,006.4; default) | comma (1.006,4)
 * time_zone      location (default: the offset the page_clock field shows, else the location's
 *                zone, else its longitude's) | an IANA id | a fixed offset (+01:00)
 * time_patterns  [ DateTimeFormatter patterns of the local observation time ]
 * locale         language of month names and am/pm (default en)
 * month_aliases  { word: replacement } before parsing, e.g. { Dis: Dec, Mac: Mar }
 * fields         { temperature | feels_like | humidity | pressure | wind_speed | wind_direction |
 *                  wind_gust | condition | observed_at | page_clock :
 *                  { selector, attribute?, regex? (group 1), unit?, optional? (default false) } }
 * }</pre>
 *
 * <p>temperature and humidity are required (the validator refuses observations without them).
 * Without {@code observed_at} the fetch time is the observation time.
 */
public final class ScrapeRecipe {

  /** Where the CLI keeps recipes; error messages name keys under it. */
  public static final String CONFIG_PREFIX = "weather.scraper.recipes.";

  /** The time zone setting that means "the location's own zone". */
  public static final String LOCATION_ZONE = "location";

  /** The fields a recipe can read, by their config names. */
  public enum Field {
    TEMPERATURE("temperature"),
    FEELS_LIKE("feels_like"),
    HUMIDITY("humidity"),
    PRESSURE("pressure"),
    WIND_SPEED("wind_speed"),
    WIND_DIRECTION("wind_direction"),
    WIND_GUST("wind_gust"),
    CONDITION("condition"),
    OBSERVED_AT("observed_at"),
    /**
     * The page's own clock in local time (timeanddate's "Current Time"): compared with the fetch
     * time it gives the page's UTC offset, for places whose zone the location does not tell.
     */
    PAGE_CLOCK("page_clock");

    private final String key;

    Field(String key) {
      this.key = key;
    }

    /** The name in config and in error messages. */
    public String key() {
      return key;
    }

    static Field byKey(String key) {
      for (Field field : values()) {
        if (field.key.equals(key)) {
          return field;
        }
      }
      return null;
    }
  }

  /**
   * Where one field is on the page.
   *
   * @param selector a jsoup CSS selector; the first element it matches is read
   * @param attribute read this attribute ({@code title}, {@code style}) instead of the text
   * @param regex applied to the text; group 1 is the value (with its unit, if any)
   * @param unit the unit of every value, ignoring any unit in the text; null to read it from there
   * @param optional a field the page may lack (wind direction when calm): null instead of an error
   */
  public record FieldSpec(
      String selector, String attribute, String regex, String unit, boolean optional) {

    public FieldSpec {
      Objects.requireNonNull(selector, "selector");
    }

    Evaluator evaluator() {
      return Selector.evaluatorOf(selector);
    }

    Pattern pattern() {
      return regex == null ? null : Pattern.compile(regex);
    }
  }

  private static final Set<String> RECIPE_KEYS = Set.of(
      "enabled",
      "terms",
      "url",
      "urls",
      "number_format",
      "time_zone",
      "time_patterns",
      "locale",
      "month_aliases",
      "fields");
  private static final Set<String> FIELD_KEYS =
      Set.of("selector", "attribute", "regex", "unit", "optional");

  private final String name;
  private final boolean enabled;
  private final String terms;
  private final String url;
  private final Map<String, String> urls;
  private final ValueReader.NumberFormat numberFormat;
  private final String timeZone;
  private final List<String> timePatterns;
  private final Locale locale;
  private final Map<String, String> monthAliases;
  private final Map<Field, FieldSpec> fields;
  // Compiled once; a recipe is shared by every fetch of its source.
  private final Map<Field, Evaluator> evaluators;
  private final Map<Field, Pattern> regexes;
  private final TimeReader timeReader;

  /** Checks everything; prefer {@link #fromJson} or {@link #fromMap}, whose errors name keys. */
  public ScrapeRecipe(
      String name,
      boolean enabled,
      String terms,
      String url,
      Map<String, String> urls,
      ValueReader.NumberFormat numberFormat,
      String timeZone,
      List<String> timePatterns,
      Locale locale,
      Map<String, String> monthAliases,
      Map<Field, FieldSpec> fields) {
    this.name = requireText(name, "name");
    this.enabled = enabled;
    this.terms = terms == null || terms.isBlank() ? null : terms.trim();
    this.url = url == null || url.isBlank() ? null : url.trim();
    this.urls = Collections.unmodifiableMap(new LinkedHashMap<>(urls));
    if (this.url == null && this.urls.isEmpty()) {
      throw new IllegalArgumentException(key("url") + " is missing");
    }
    this.numberFormat = Objects.requireNonNull(numberFormat, "numberFormat");
    this.timeZone = timeZone == null || timeZone.isBlank() ? LOCATION_ZONE : timeZone.trim();
    if (!this.timeZone.equals(LOCATION_ZONE)) {
      zoneOf(this.timeZone, key("time_zone"));
    }
    this.timePatterns = List.copyOf(timePatterns);
    this.locale = Objects.requireNonNull(locale, "locale");
    this.monthAliases = Collections.unmodifiableMap(new LinkedHashMap<>(monthAliases));
    EnumMap<Field, FieldSpec> copy = new EnumMap<>(Field.class);
    copy.putAll(fields);
    this.fields = Collections.unmodifiableMap(copy);
    for (Field required : List.of(Field.TEMPERATURE, Field.HUMIDITY)) {
      if (!copy.containsKey(required)) {
        throw new IllegalArgumentException(key("fields." + required.key())
            + " is missing (observations need a temperature and a humidity)");
      }
    }
    EnumMap<Field, Evaluator> compiled = new EnumMap<>(Field.class);
    EnumMap<Field, Pattern> patterns = new EnumMap<>(Field.class);
    copy.forEach((field, spec) -> {
      String at = key("fields." + field.key());
      try {
        compiled.put(field, spec.evaluator());
      } catch (RuntimeException e) {
        throw new IllegalArgumentException(
            at + ".selector '" + spec.selector() + "' is not a CSS selector: " + e.getMessage());
      }
      if (spec.regex() != null) {
        Pattern pattern;
        try {
          pattern = spec.pattern();
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException(at + ".regex is not a regular expression: "
              + e.getDescription() + " in '" + spec.regex() + "'");
        }
        if (pattern.matcher("").groupCount() < 1) {
          throw new IllegalArgumentException(
              at + ".regex '" + spec.regex() + "' needs a group: group 1 is the value");
        }
        patterns.put(field, pattern);
      }
    });
    this.evaluators = Collections.unmodifiableMap(compiled);
    this.regexes = Collections.unmodifiableMap(patterns);
    try {
      this.timeReader = new TimeReader(this.timePatterns, this.locale, this.monthAliases);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          key("time_patterns") + " holds a bad pattern: " + e.getMessage());
    }
  }

  /**
   * A recipe from its JSON object.
   *
   * @param name the recipe's name: {@code weather.scraper.recipes.NAME}
   * @throws IllegalArgumentException naming the key that is missing, unknown or wrong
   */
  public static ScrapeRecipe fromJson(String name, JsonNode node) {
    requireText(name, "recipe name");
    String at = CONFIG_PREFIX + name;
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(at + " must be an object");
    }
    unknownKeys(node, RECIPE_KEYS, at);
    Map<Field, FieldSpec> fields = new EnumMap<>(Field.class);
    JsonNode fieldsNode = node.get("fields");
    if (fieldsNode == null || fieldsNode.isNull()) {
      throw new IllegalArgumentException(at + ".fields is missing");
    }
    if (!fieldsNode.isObject()) {
      throw new IllegalArgumentException(at + ".fields must be an object");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = fieldsNode.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      Field field = Field.byKey(entry.getKey());
      String fieldAt = at + ".fields." + entry.getKey();
      if (field == null) {
        throw new IllegalArgumentException(fieldAt + " is not a known field (known: "
            + List.of(Field.values()).stream().map(Field::key).toList() + ")");
      }
      JsonNode spec = entry.getValue();
      if (spec == null || !spec.isObject()) {
        throw new IllegalArgumentException(fieldAt + " must be an object");
      }
      unknownKeys(spec, FIELD_KEYS, fieldAt);
      String selector = text(spec, "selector", fieldAt);
      if (selector == null) {
        throw new IllegalArgumentException(fieldAt + ".selector is missing");
      }
      fields.put(
          field,
          new FieldSpec(
              selector,
              text(spec, "attribute", fieldAt),
              text(spec, "regex", fieldAt),
              text(spec, "unit", fieldAt),
              bool(spec, "optional", fieldAt, false)));
    }
    String format = text(node, "number_format", at);
    ValueReader.NumberFormat numberFormat;
    try {
      numberFormat =
          format == null ? ValueReader.NumberFormat.POINT : ValueReader.NumberFormat.parse(format);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          at + ".number_format must be point or comma, got '" + format + "'");
    }
    String language = text(node, "locale", at);
    Locale locale = language == null ? Locale.ENGLISH : Locale.forLanguageTag(language);
    return new ScrapeRecipe(
        name,
        bool(node, "enabled", at, true),
        text(node, "terms", at),
        text(node, "url", at),
        textMap(node, "urls", at),
        numberFormat,
        text(node, "time_zone", at),
        textList(node, "time_patterns", at),
        locale,
        textMap(node, "month_aliases", at),
        fields);
  }

  /** A recipe from a config subtree as plain maps, lists, strings, numbers and booleans. */
  public static ScrapeRecipe fromMap(String name, Map<String, ?> config) {
    return fromJson(name, Json.MAPPER.valueToTree(config));
  }

  public String name() {
    return name;
  }

  /** False when the site's terms forbid automated downloads without its permission. */
  public boolean enabled() {
    return enabled;
  }

  /** A note on the site's terms; null when none. */
  public String terms() {
    return terms;
  }

  /** The URL template; null when every location has its own {@link #urls()} entry. */
  public String url() {
    return url;
  }

  /** Location key to page URL, for pages a template cannot name. */
  public Map<String, String> urls() {
    return urls;
  }

  public ValueReader.NumberFormat numberFormat() {
    return numberFormat;
  }

  /** {@value #LOCATION_ZONE}, an IANA zone id or a fixed offset. */
  public String timeZone() {
    return timeZone;
  }

  public List<String> timePatterns() {
    return timePatterns;
  }

  public Locale locale() {
    return locale;
  }

  public Map<String, String> monthAliases() {
    return monthAliases;
  }

  public Map<Field, FieldSpec> fields() {
    return fields;
  }

  /** This recipe, enabled or not: for a user who has the site's permission. */
  public ScrapeRecipe withEnabled(boolean value) {
    return new ScrapeRecipe(
        name,
        value,
        terms,
        url,
        urls,
        numberFormat,
        timeZone,
        timePatterns,
        locale,
        monthAliases,
        fields);
  }

  /** This recipe with another URL template (a mirror, a local test server). */
  public ScrapeRecipe withUrl(String template) {
    return new ScrapeRecipe(
        name,
        enabled,
        terms,
        template,
        urls,
        numberFormat,
        timeZone,
        timePatterns,
        locale,
        monthAliases,
        fields);
  }

  /**
   * This recipe on another site: the scheme and host of its URL template and of its per-location
   * URLs replaced by {@code site}'s, path and query kept (a local copy of the pages, a mirror).
   */
  public ScrapeRecipe withSite(URI site) {
    Map<String, String> moved = new java.util.LinkedHashMap<>();
    urls.forEach((key, value) -> moved.put(key, onSite(value, site)));
    return new ScrapeRecipe(
        name,
        enabled,
        terms,
        url == null ? null : onSite(url, site),
        moved,
        numberFormat,
        timeZone,
        timePatterns,
        locale,
        monthAliases,
        fields);
  }

  private static String onSite(String address, URI site) {
    // Templates hold {placeholders}, which URI would refuse: cut at the first '/' after "//".
    int hostStart = address.indexOf("//");
    int pathStart = hostStart < 0 ? -1 : address.indexOf('/', hostStart + 2);
    String path = pathStart < 0 ? "/" : address.substring(pathStart);
    String base = site.toString().replaceAll("/+$", "");
    return base + path;
  }

  /** This recipe with another page time zone ({@value #LOCATION_ZONE}, id or offset). */
  public ScrapeRecipe withTimeZone(String zone) {
    return new ScrapeRecipe(
        name,
        enabled,
        terms,
        url,
        urls,
        numberFormat,
        zone,
        timePatterns,
        locale,
        monthAliases,
        fields);
  }

  Evaluator evaluator(Field field) {
    return evaluators.get(field);
  }

  Pattern regex(Field field) {
    return regexes.get(field);
  }

  TimeReader timeReader() {
    return timeReader;
  }

  /** The zone of {@code text}: an IANA id ({@code Europe/Berlin}) or an offset ({@code +01:00}). */
  static java.time.ZoneId zoneOf(String text, String key) {
    try {
      return java.time.ZoneId.of(text);
    } catch (java.time.DateTimeException e) {
      throw new IllegalArgumentException(key + " must be '" + LOCATION_ZONE
          + "', a zone id (Europe/Berlin) or an offset (+01:00), got '" + text + "'");
    }
  }

  @Override
  public String toString() {
    return "ScrapeRecipe[" + name + (enabled ? "" : ", disabled") + ", "
        + (url != null ? url : urls.size() + " URLs") + ", fields " + fields.keySet() + "]";
  }

  private String key(String suffix) {
    return CONFIG_PREFIX + name + "." + suffix;
  }

  private static void unknownKeys(JsonNode node, Set<String> known, String at) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String key = names.next();
      if (!known.contains(key)) {
        throw new IllegalArgumentException(at + "." + key + " is not a known key (known: "
            + known.stream().sorted().toList() + ")");
      }
    }
  }

  private static String text(JsonNode node, String key, String at) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isValueNode() || value.isBinary()) {
      throw new IllegalArgumentException(at + "." + key + " must be a string");
    }
    String text = value.asText();
    return text.isBlank() ? null : text;
  }

  private static boolean bool(JsonNode node, String key, String at, boolean fallback) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (value.isBoolean()) {
      return value.booleanValue();
    }
    // HOCON values from environment variables arrive as strings.
    String text = value.asText().trim().toLowerCase(Locale.ROOT);
    if (text.equals("true") || text.equals("false")) {
      return Boolean.parseBoolean(text);
    }
    throw new IllegalArgumentException(
        at + "." + key + " must be true or false, got '" + value.asText() + "'");
  }

  private static List<String> textList(JsonNode node, String key, String at) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return List.of();
    }
    if (value.isTextual()) {
      return List.of(value.asText());
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(at + "." + key + " must be a list of strings");
    }
    List<String> list = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new IllegalArgumentException(at + "." + key + " must be a list of strings");
      }
      list.add(item.asText());
    }
    return list;
  }

  private static Map<String, String> textMap(JsonNode node, String key, String at) {
    JsonNode value = node.get(key);
    if (value == null || value.isNull()) {
      return Map.of();
    }
    if (!(value instanceof ObjectNode)) {
      throw new IllegalArgumentException(at + "." + key + " must be an object of strings");
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getValue().isValueNode()) {
        throw new IllegalArgumentException(
            at + "." + key + "." + entry.getKey() + " must be a string");
      }
      map.put(entry.getKey(), entry.getValue().asText());
    }
    return map;
  }

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be blank");
    }
    return value.trim();
  }
}
