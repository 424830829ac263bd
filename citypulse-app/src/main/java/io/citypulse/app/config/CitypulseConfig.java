package io.citypulse.app.config;

import io.citypulse.jobs.area.AreaKeySpec;
import io.citypulse.jobs.spark.StateStore;
import io.citypulse.model.Topics;
import io.citypulse.sources.weather.WeatherSourceKind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * Every configuration key of citypulse, declared once. The README's configuration table and
 * {@code citypulse config} are generated from this list.
 */
public final class CitypulseConfig {
  private CitypulseConfig() {}

  private static final Predicate<Integer> PORT = p -> p >= 0 && p <= 65_535;
  private static final Predicate<Integer> POSITIVE = n -> n > 0;
  private static final Predicate<Duration> POSITIVE_DURATION = d -> !d.isNegative() && !d.isZero();
  private static final Predicate<Duration> NOT_NEGATIVE = d -> !d.isNegative();

  /** The result streams a sink can store. */
  public static final List<String> STREAM_NAMES = List.of("stations", "postcodes", "weather");

  // --- Kafka
  public static final ConfigKey<String> BOOTSTRAP_SERVERS = string(
      "kafka.bootstrap-servers",
      "",
      "Kafka cluster to use (host:port,...). Empty: start an embedded single-node KRaft broker.");
  public static final ConfigKey<Integer> KAFKA_PORT = integer(
      "kafka.embedded.port",
      "9092",
      "Port of the embedded broker on 127.0.0.1 (0 picks a free port).",
      PORT,
      "must be 0-65535");

  // --- State
  public static final ConfigKey<Path> STATE_DIR = key(
      "state-dir",
      ValueType.PATH,
      Path.class,
      ".citypulse",
      "Directory for the embedded broker's data, Spark checkpoints and caches.",
      null,
      null);

  // --- Topics
  public static final ConfigKey<String> STATIONS_TOPIC = string(
      "topics.stations.name",
      Topics.STATIONS,
      "Topic of enriched station records, keyed by system:station_code.");
  public static final ConfigKey<Integer> STATIONS_PARTITIONS = integer(
      "topics.stations.partitions",
      "2",
      "Partitions of the stations topic when citypulse creates it.",
      POSITIVE,
      "must be > 0");
  public static final ConfigKey<String> AVAILABILITY_TOPIC = string(
      "topics.postcode-availability.name",
      Topics.POSTCODE_AVAILABILITY,
      "Topic of per-postcode availability, keyed by postcode.");
  public static final ConfigKey<Integer> AVAILABILITY_PARTITIONS = integer(
      "topics.postcode-availability.partitions",
      "1",
      "Partitions of the per-postcode topic when citypulse creates it.",
      POSITIVE,
      "must be > 0");
  public static final ConfigKey<String> SYSTEM_TOTALS_TOPIC = string(
      "topics.system-totals.name",
      Topics.SYSTEM_TOTALS,
      "Topic of one total per bike-share system, keyed by system, when several systems run at once"
          + " (run --systems); the per-area records are then keyed system:area.");
  public static final ConfigKey<String> AGGREGATE_AREA = key(
      "aggregate.area",
      ValueType.STRING,
      String.class,
      "postcode",
      "What the availability job sums stations into: postcode (stations without one go to"
          + " UNKNOWN), or cell:<resolution> = the postcode where the feed, the table or the geocoder"
          + " gives one, else the H3 cell holding the station (offline, works anywhere; 7 is about"
          + " 5 km², 8 about 0.7 km²). Fixed by the job's checkpoint: change it with a new one.",
      CitypulseConfig::isAreaKey,
      "expected postcode or cell:<resolution> with a resolution from 0 to 15, e.g. cell:7");
  public static final ConfigKey<String> DEAD_LETTER_TOPIC = string(
      "topics.dead-letters.name",
      Topics.DEAD_LETTERS,
      "Topic of feed bodies and records that could not be parsed.");
  public static final ConfigKey<String> HEALTH_TOPIC = string(
      "topics.health.name",
      Topics.HEALTH,
      "Topic where run and demo publish the health of their pollers and Spark jobs every"
          + " status.interval, for citypulse dashboard on another machine (compacted, one record per pipeline).");
  public static final ConfigKey<String> IMPORT_LEDGER_TOPIC = string(
      "topics.import-ledger.name",
      "citypulse-import-ledger",
      "Compacted topic where citypulse import records, per imported file, the rows done and"
          + " whether it finished: an import resumes after its last committed row and skips a"
          + " finished file.");
  public static final ConfigKey<Integer> REPLICATION_FACTOR = integer(
      "topics.replication-factor",
      "1",
      "Replication factor of the topics citypulse creates (1 for the embedded broker).",
      POSITIVE,
      "must be > 0");
  public static final ConfigKey<Integer> MIN_INSYNC_REPLICAS = integer(
      "topics.min-insync-replicas",
      "0",
      "min.insync.replicas of the topics citypulse creates; 0 = the broker's default. With"
          + " replication factor 3, 2 keeps every acknowledged write on two brokers, so losing one"
          + " loses nothing.",
      n -> n >= 0,
      "must be >= 0 (0 = the broker's default)");
  public static final ConfigKey<Boolean> COMPACT_TOPICS = bool(
      "topics.compact",
      "true",
      "Create the stations and per-postcode topics compacted (latest value per key kept).");
  public static final ConfigKey<String> WEATHER_TOPIC = string(
      "topics.weather.name",
      Topics.WEATHER,
      "Topic of normalised weather observations, keyed by location.");
  public static final ConfigKey<String> WEATHER_FEATURES_TOPIC = string(
      "topics.weather-features.name",
      Topics.WEATHER_FEATURES,
      "Topic of observations with derived variables (heat index, trends...), keyed by location.");
  public static final ConfigKey<String> FORECASTS_TOPIC = string(
      "topics.forecasts.name",
      Topics.FORECASTS,
      "Topic of station forecasts (bikes, docks, P(empty), P(full) per horizon), keyed by station,"
          + " compacted.");

  // --- GBFS source
  public static final ConfigKey<Boolean> GBFS_ENABLED = bool(
      "gbfs.enabled",
      "true",
      "Run the bike-share pipeline (GBFS polling and the per-postcode job); --no-bikes sets false.");
  public static final ConfigKey<URI> GBFS_URL = uri(
      "gbfs.url",
      "https://velib-metropole-opendata.smovengo.cloud/opendata/Velib_Metropole/gbfs.json",
      "GBFS auto-discovery URL (gbfs.json), or a station_status.json URL; http(s) or file.");
  public static final ConfigKey<String> GBFS_SYSTEM =
      string("gbfs.system", "velib", "System id used in record keys and the 'system' field.");
  public static final ConfigKey<String> STATIONS = string(
      "gbfs.stations",
      "16107,32017",
      "Stations to keep: 'all' or a comma-separated list of station codes or ids.");
  public static final ConfigKey<String> LANGUAGE = string(
      "gbfs.language",
      "fr",
      "Preferred feed language (GBFS 1.x/2.x discovery, GBFS 3.0 localized names).");
  public static final ConfigKey<Duration> MIN_INTERVAL = duration(
      "gbfs.min-interval",
      "10s",
      "Shortest time between two polls of station_status, whatever the feed's ttl.",
      POSITIVE_DURATION);
  public static final ConfigKey<Duration> MAX_INTERVAL = duration(
      "gbfs.max-interval",
      "60s",
      "Longest time between two polls (Vélib' announces ttl 3600 but changes every minute).",
      POSITIVE_DURATION);
  public static final ConfigKey<Duration> HTTP_TIMEOUT = duration(
      "gbfs.timeout", "10s", "Connect and read timeout of one feed request.", POSITIVE_DURATION);
  public static final ConfigKey<Duration> BACKOFF_INITIAL = duration(
      "gbfs.backoff.initial",
      "2s",
      "First wait after a failed poll; doubles on each further failure.",
      POSITIVE_DURATION);
  public static final ConfigKey<Duration> BACKOFF_MAX =
      duration("gbfs.backoff.max", "5m", "Longest wait between failed polls.", POSITIVE_DURATION);

  // --- Many GBFS systems (a systems catalogue)
  public static final ConfigKey<Path> SYSTEMS_FILE = key(
      "gbfs.systems.file",
      ValueType.PATH,
      Path.class,
      "",
      "GBFS systems catalogue (systems.csv, MobilityData's format): poll every system it lists"
          + " (after the filters below) instead of gbfs.url; --systems sets it. Records carry the"
          + " catalogue's System ID as 'system'; gbfs.stations then defaults to all. Empty: one"
          + " system, gbfs.url.",
      null,
      null);
  public static final ConfigKey<String> SYSTEMS_COUNTRIES = string(
      "gbfs.systems.countries",
      "",
      "Only the catalogue's systems of these countries (ISO 3166 codes, comma-separated, e.g."
          + " FR,BE); --country sets it. Empty: every country.");
  public static final ConfigKey<String> SYSTEMS_IDS = string(
      "gbfs.systems.ids",
      "",
      "Only these systems of the catalogue (System IDs, comma-separated, case-sensitive);"
          + " --system-ids sets it. Empty: every system.");
  public static final ConfigKey<Integer> SYSTEMS_MAX_IN_FLIGHT = integer(
      "gbfs.systems.max-in-flight",
      "16",
      "Most systems polled at the same time (worker threads); a slow or hung system holds one of"
          + " them for at most its timeouts.",
      n -> n > 0 && n <= 512,
      "must be 1-512");
  public static final ConfigKey<Integer> SYSTEMS_MAX_PER_HOST = integer(
      "gbfs.systems.max-per-host",
      "4",
      "Most systems polled at the same time on one host (many operators' systems share one"
          + " vendor's server), hence its most open connections.",
      n -> n > 0 && n <= 512,
      "must be 1-512");

  // --- Postcodes
  public static final ConfigKey<Path> POSTCODE_TABLE = key(
      "postcodes.table",
      ValueType.PATH,
      Path.class,
      "",
      "UTF-8 CSV (',', ';' or tab) with header stationCode,station_id,postcode,city:"
          + " each station's postcode when the feed has none, and its commune. Rows without a"
          + " postcode are skipped. demo: the generated network's table.",
      null,
      null);
  public static final ConfigKey<Boolean> GEOCODER_ENABLED = bool(
      "postcodes.geocoder.enabled",
      "true",
      "Reverse-geocode stations the feed and the table do not place (IGN Géoplateforme).");
  public static final ConfigKey<URI> GEOCODER_URL = uri(
      "postcodes.geocoder.url",
      "https://data.geopf.fr",
      "Base URL of the reverse geocoder (/geocodage/reverse is appended).");
  public static final ConfigKey<Double> GEOCODER_RATE = key(
      "postcodes.geocoder.max-requests-per-second",
      ValueType.DOUBLE,
      Double.class,
      "40",
      "Geocoder rate limit (IGN allows 50 requests/s per IP).",
      r -> r > 0,
      "must be > 0");
  public static final ConfigKey<Duration> GEOCODER_TIMEOUT = duration(
      "postcodes.geocoder.timeout", "5s", "Timeout of one geocoder request.", POSITIVE_DURATION);
  public static final ConfigKey<Duration> GEOCODER_BACKOFF_INITIAL = duration(
      "postcodes.geocoder.backoff.initial",
      "30s",
      "First wait before a point whose geocoding failed"
          + " is asked again, and before the one probe request once 3 failures in a row stopped all"
          + " requests; doubles on each further failure.",
      POSITIVE_DURATION);
  public static final ConfigKey<Duration> GEOCODER_BACKOFF_MAX = duration(
      "postcodes.geocoder.backoff.max",
      "30m",
      "Longest wait of postcodes.geocoder.backoff.initial" + " after failures in a row.",
      POSITIVE_DURATION);
  public static final ConfigKey<Duration> POSTCODE_PENDING_TIMEOUT = duration(
      "postcodes.pending-timeout",
      "60s",
      "Longest a station waits for the geocoder (unreachable,"
          + " failing, rate limited or still queued) before it is published under UNKNOWN; it moves to"
          + " its postcode when the geocoder answers. About one poll at gbfs.max-interval.",
      POSITIVE_DURATION);

  // --- Weather
  public static final ConfigKey<Boolean> WEATHER_ENABLED = bool(
      "weather.enabled",
      "true",
      "Run the weather pipeline (weather polling and the weather-features job); --no-weather sets false.");
  public static final ConfigKey<String> WEATHER_SOURCE = key(
      "weather.source",
      ValueType.STRING,
      String.class,
      "auto",
      "openweathermap, open-meteo, tomorrow.io, generator or scraper. auto:"
          + " openweathermap when OPENWEATHERMAP_API_KEY (or weather.api-key) is set, else open-meteo,"
          + " which needs no key. demo uses the generator. Several at once: weather.sources.",
      WeatherConfig::isSourceName,
      "must be auto, openweathermap, open-meteo, tomorrow.io, generator or scraper");
  public static final ConfigKey<String> WEATHER_SOURCES = key(
      "weather.sources",
      ValueType.STRING,
      String.class,
      "",
      "Weather sources polled at once, comma-separated (tomorrow.io,scraper,generator), each with"
          + " its own weather.<source>.* keys; records keep their source and the features job keys"
          + " them by source:location. Empty: weather.source alone. none: no poller, the features"
          + " job reads whatever arrives on topics.weather.name (citypulse import, another"
          + " producer).",
      WeatherConfig::isSourceList,
      "must be none or a comma-separated list of openweathermap, open-meteo, tomorrow.io,"
          + " generator, scraper, each once");
  public static final ConfigKey<String> WEATHER_LOCATIONS = string(
      "weather.locations",
      "brief",
      "';'-separated presets and places: brief (Paris, London, Tokyo, Dakar, New York), senegal"
          + " (the 14 regional capitals), 'Paris', 'Paris,FR', '48.85,2.35' or 'Thiès@14.79,-16.93'.");
  public static final ConfigKey<Duration> WEATHER_INTERVAL = duration(
      "weather.interval",
      "0s",
      "Time between two observations of a location; 0s: the source's default (OpenWeatherMap"
          + " 10m, Open-Meteo and Tomorrow.io 15m, generator 1m).",
      NOT_NEGATIVE);
  public static final ConfigKey<String> WEATHER_API_KEY = string(
      "weather.api-key",
      "",
      "API key of the weather source. Prefer the environment variable OPENWEATHERMAP_API_KEY or"
          + " TOMORROW_API_KEY; never printed or logged.");
  public static final ConfigKey<String> WEATHER_URL = string(
      "weather.url",
      "",
      "Base URL of the weather API; empty: the public one. Point it at a local stand-in to test.");
  public static final ConfigKey<String> WEATHER_GEOCODING_URL = string(
      "weather.geocoding-url",
      "",
      "Base URL of Open-Meteo's geocoding API (city names to coordinates); empty: the public one.");
  public static final ConfigKey<Duration> WEATHER_LATENESS = duration(
      "weather.allowed-lateness",
      "1h",
      "How late (event time) an observation may arrive and still be used; older ones are"
          + " counted and dropped.",
      POSITIVE_DURATION);
  public static final ConfigKey<Duration> WEATHER_TREND_WINDOW = duration(
      "weather.trend-window",
      "1h",
      "Sliding window of the per-location trends (temperature_change_1h...).",
      POSITIVE_DURATION);

  // --- Forecasts
  public static final ConfigKey<Boolean> FORECAST_ENABLED = bool(
      "forecast.enabled",
      "true",
      "Forecast each changed station with the latest model that citypulse forecast train saved in"
          + " the state dir (picked up without a restart; no model yet: nothing is published).");
  public static final ConfigKey<Duration> FORECAST_REFRESH = duration(
      "forecast.refresh",
      "15m",
      "A station that has not changed gets a new forecast this often, so that \"empty within 30"
          + " minutes\" follows the clock.",
      POSITIVE_DURATION);

  /** Overrides of one weather source when several run ({@link #WEATHER_SOURCES}). */
  public record SourceKeys(
      ConfigKey<String> locations,
      ConfigKey<Duration> interval,
      ConfigKey<String> url,
      ConfigKey<String> rateLimit) {
    List<ConfigKey<?>> all() {
      return List.of(locations, interval, url, rateLimit);
    }
  }

  /** {@code weather.<source>.locations|interval|url|rate-limit} of every source, in enum order. */
  public static final java.util.Map<WeatherSourceKind, SourceKeys> WEATHER_SOURCE_KEYS =
      sourceKeys();

  private static java.util.Map<WeatherSourceKind, SourceKeys> sourceKeys() {
    java.util.Map<WeatherSourceKind, SourceKeys> keys =
        new java.util.EnumMap<>(WeatherSourceKind.class);
    for (WeatherSourceKind kind : WeatherSourceKind.values()) {
      String prefix = "weather." + kind.configName() + ".";
      keys.put(
          kind,
          new SourceKeys(
              string(
                  prefix + "locations",
                  "",
                  "Locations of " + kind.id()
                      + " (as weather.locations); empty: weather.locations."),
              duration(
                  prefix + "interval",
                  "0s",
                  "Time between two observations of a location by " + kind.id() + "; 0s:"
                      + " weather.interval, else " + kind.defaultInterval().toMinutes() + "m.",
                  NOT_NEGATIVE),
              string(
                  prefix + "url",
                  "",
                  kind.hasBaseUrl()
                      ? "Base URL of " + kind.id() + "; empty: " + kind.defaultBaseUrl() + "."
                      : kind == WeatherSourceKind.SCRAPER
                          ? "Site replacing the scheme and host of the recipe's URLs (a local"
                              + " copy); empty: the recipe's own."
                          : "Unused: the generator calls nothing."),
              key(
                  prefix + "rate-limit",
                  ValueType.STRING,
                  String.class,
                  "",
                  "Client-side limit of " + kind.id() + " as N/s, N/min, N/h or N/day, optionally"
                      + " ' burst B'"
                      + (kind == WeatherSourceKind.SCRAPER ? ", per host" : "")
                      + "; empty: "
                      + (kind.defaultRateLimit() == null
                          ? "none."
                          : kind.defaultRateLimit().describe() + "."),
                  WeatherConfig::isRateLimit,
                  "must be like 1/s, 60/min, 25/h or 490/day burst 3")));
    }
    return java.util.Collections.unmodifiableMap(keys);
  }

  public static final ConfigKey<String> SCRAPER_RECIPE = string(
      "weather.scraper.recipe",
      "",
      "Recipe the scraper reads pages with: a built-in one (fzj-juelich, stadtklima-stuttgart;"
          + " timeanddate is off until you have the site's permission) or one declared under"
          + " weather.scraper.recipes.<name> in the config file.");
  public static final ConfigKey<String> SCRAPER_USER_AGENT = string(
      "weather.scraper.user-agent",
      "",
      "User-Agent of the scraper's requests (pages and robots.txt); empty: citypulse/<version>"
          + " (+https://github.com/citypulse/citypulse) weather-scraper.");

  // --- Storage
  public static final ConfigKey<Boolean> POSTGRES_ENABLED = bool(
      "storage.postgres.enabled",
      "false",
      "Store the result streams in PostgreSQL (current-state and history tables); --postgres or"
          + " --jdbc-url sets true.");
  public static final ConfigKey<String> JDBC_URL = string(
      "storage.postgres.jdbc-url",
      "",
      "PostgreSQL to use (jdbc:postgresql://host:port/db). Empty: start an embedded PostgreSQL 17"
          + " with its data in <state-dir>/postgres, on 127.0.0.1.");
  public static final ConfigKey<String> JDBC_USER = string(
      "storage.postgres.user",
      "",
      "User for storage.postgres.jdbc-url (env CITYPULSE_STORAGE_POSTGRES_USER). Empty: the URL's"
          + " own, else 'postgres'.");
  public static final ConfigKey<String> JDBC_PASSWORD = string(
      "storage.postgres.password",
      "",
      "Password for storage.postgres.jdbc-url; prefer the environment variable"
          + " CITYPULSE_STORAGE_POSTGRES_PASSWORD. Never logged.");
  public static final ConfigKey<Integer> POSTGRES_PORT = integer(
      "storage.postgres.embedded.port",
      "0",
      "Port of the embedded PostgreSQL on 127.0.0.1 (0 picks a free port).",
      PORT,
      "must be 0-65535");
  public static final ConfigKey<String> POSTGRES_STREAMS = streams(
      "storage.postgres.streams",
      "Result streams stored in PostgreSQL, comma-separated: stations, postcodes, weather.");
  public static final ConfigKey<Duration> POSTGRES_TRIGGER = duration(
      "storage.postgres.trigger-interval",
      "2s",
      "How often the PostgreSQL sinks write what arrived (one transaction per stream).",
      POSITIVE_DURATION);
  public static final ConfigKey<Integer> POSTGRES_MAX_RECORDS = integer(
      "storage.postgres.max-records-per-batch",
      "20000",
      "Most records one PostgreSQL transaction takes (a backlog is written in several).",
      POSITIVE,
      "must be > 0");
  public static final ConfigKey<Duration> POSTGRES_RETRY_FOR = duration(
      "storage.postgres.retry-for",
      "10m",
      "How long a sink retries while PostgreSQL is unreachable before the pipeline stops with an"
          + " error (nothing is lost: the batch is retried from the checkpoint on restart).",
      POSITIVE_DURATION);
  public static final ConfigKey<String> PARQUET_PATH = string(
      "storage.parquet.path",
      "",
      "Directory or URI (file:, hdfs://, s3a://) of the Parquet history; --parquet sets it. Empty:"
          + " no Parquet history.");
  public static final ConfigKey<String> PARQUET_STREAMS = streams(
      "storage.parquet.streams",
      "Result streams appended to the Parquet history, comma-separated: stations, postcodes,"
          + " weather.");
  public static final ConfigKey<Duration> PARQUET_TRIGGER = duration(
      "storage.parquet.trigger-interval",
      "1m",
      "How often the Parquet history appends a file per partition (longer: fewer, larger files).",
      POSITIVE_DURATION);

  // --- Search index (OpenSearch / Elasticsearch)
  public static final ConfigKey<Boolean> SEARCH_ENABLED = bool(
      "storage.search.enabled",
      "false",
      "Index the result streams in OpenSearch or Elasticsearch through the _bulk API; --opensearch"
          + " sets true.");
  public static final ConfigKey<String> SEARCH_URL = string(
      "storage.search.url",
      "",
      "OpenSearch (1.x-3.x) or Elasticsearch (7.x-9.x) to index into, e.g. https://host:9200 (TLS:"
          + " the JVM's truststore). Empty: start an embedded single-node OpenSearch 2.19 with its"
          + " data in <state-dir>/opensearch, on 127.0.0.1.");
  public static final ConfigKey<Integer> SEARCH_PORT = integer(
      "storage.search.embedded.port",
      "9200",
      "HTTP port of the embedded OpenSearch on 127.0.0.1 (0 picks a free port, printed at start).",
      PORT,
      "must be 0-65535");
  public static final ConfigKey<String> SEARCH_HEAP = string(
      "storage.search.embedded.heap",
      "512m",
      "Heap of the embedded OpenSearch's JVM (-Xms and -Xmx), e.g. 512m or 1g.");
  public static final ConfigKey<String> SEARCH_JAR = string(
      "storage.search.embedded.jar",
      "",
      "The embedded node's jar; empty: citypulse-opensearch.jar beside citypulse.jar.");
  public static final ConfigKey<String> SEARCH_USERNAME = string(
      "storage.search.username",
      "",
      "User for basic authentication to storage.search.url (env CITYPULSE_STORAGE_SEARCH_USERNAME).");
  public static final ConfigKey<String> SEARCH_PASSWORD = string(
      "storage.search.password",
      "",
      "Password for storage.search.username; prefer the environment variable"
          + " CITYPULSE_STORAGE_SEARCH_PASSWORD. Never logged.");
  public static final ConfigKey<String> SEARCH_API_KEY = string(
      "storage.search.api-key",
      "",
      "API key (the base64 id:key Elasticsearch and OpenSearch issue) sent as 'Authorization:"
          + " ApiKey'; prefer CITYPULSE_STORAGE_SEARCH_API_KEY. Never logged.");
  public static final ConfigKey<String> SEARCH_STREAMS = streams(
      "storage.search.streams",
      "Result streams indexed, comma-separated: stations, postcodes, weather.");
  public static final ConfigKey<String> SEARCH_INDEX_PREFIX = string(
      "storage.search.index-prefix",
      "citypulse",
      "Prefix of the index names: <prefix>-stations-2026.12.06, <prefix>-postcodes-...,"
          + " <prefix>-weather-...");
  public static final ConfigKey<String> SEARCH_INDEX_PERIOD = key(
      "storage.search.index-period",
      ValueType.STRING,
      String.class,
      "day",
      "One index per stream and day (day), per month (month), or a single one (none), chosen by"
          + " each record's event time.",
      v -> List.of("day", "month", "none").contains(v),
      "must be day, month or none");
  public static final ConfigKey<Duration> SEARCH_RETENTION = duration(
      "storage.search.retention",
      "30d",
      "Daily or monthly indices older than this are deleted (checked at start and hourly); 0 keeps"
          + " every index.",
      NOT_NEGATIVE);
  public static final ConfigKey<Integer> SEARCH_REPLICAS = integer(
      "storage.search.replicas",
      "0",
      "Replicas per index in the index templates (0 on a single node; 1 or more on a cluster).",
      n -> n >= 0,
      "must be >= 0");
  public static final ConfigKey<Integer> SEARCH_BATCH = integer(
      "storage.search.max-records-per-batch",
      "5000",
      "Most records one _bulk round takes from the topics (a backlog is indexed in several).",
      POSITIVE,
      "must be > 0");

  // --- Cache (Redis)
  public static final ConfigKey<String> REDIS_URL = string(
      "storage.redis.url",
      "",
      "Redis to keep the latest states in (redis://host:6379[/db], rediss:// for TLS); --redis"
          + " sets it. Empty: no cache.");
  public static final ConfigKey<String> REDIS_PASSWORD = string(
      "storage.redis.password",
      "",
      "Password for storage.redis.url (AUTH); prefer CITYPULSE_STORAGE_REDIS_PASSWORD. Never"
          + " logged.");
  public static final ConfigKey<String> REDIS_STREAMS = streams(
      "storage.redis.streams",
      "Result streams cached, comma-separated: stations, postcodes, weather.");
  public static final ConfigKey<Duration> REDIS_TTL = duration(
      "storage.redis.ttl",
      "24h",
      "How long a key lives after its last write: a station that stops reporting leaves the cache"
          + " after this (stations are published only when they change: quiet for hours at"
          + " night).",
      POSITIVE_DURATION);
  public static final ConfigKey<Integer> REDIS_HISTORY = integer(
      "storage.redis.history-length",
      "100",
      "Most recent states kept per key in its <key>:history list (0: no history lists).",
      n -> n >= 0,
      "must be >= 0");
  public static final ConfigKey<String> REDIS_KEY_PREFIX = string(
      "storage.redis.key-prefix",
      "citypulse",
      "Prefix of every cache key: <prefix>:station:<system>:<code>, <prefix>:postcode:...");
  public static final ConfigKey<String> REDIS_CHANNEL = string(
      "storage.redis.channel",
      "citypulse:changes",
      "Pub/sub channel a message is published on for every change.");
  public static final ConfigKey<Integer> REDIS_BATCH = integer(
      "storage.redis.max-records-per-batch",
      "5000",
      "Most records one cache write takes from the topics (a backlog is written in several).",
      POSITIVE,
      "must be > 0");

  // --- Alerts (issue 20)
  public static final ConfigKey<Boolean> ALERTS_ENABLED = bool(
      "alerts.enabled",
      "true",
      "Run the alerts job (stations, postcodes, weather and feed health to topics.alerts.name);"
          + " one small stateful Spark query.");
  public static final ConfigKey<String> ALERTS_TOPIC = string(
      "topics.alerts.name",
      io.citypulse.model.Topics.ALERTS,
      "Topic of alert records (raised, then cleared, per episode), keyed by subject.");
  public static final ConfigKey<Duration> ALERTS_MIN_DURATION = duration(
      "alerts.station.min-duration",
      "10m",
      "How long (event time) a station must stay empty or full, a postcode low, a feed stale or"
          + " a job failing before one raised record.",
      NOT_NEGATIVE);
  public static final ConfigKey<Duration> ALERTS_CLEAR_AFTER = duration(
      "alerts.station.clear-after",
      "5m",
      "How long it must stay out of its condition before one cleared record (hysteresis: a"
          + " flapping station stays raised).",
      NOT_NEGATIVE);
  public static final ConfigKey<Integer> ALERTS_CLEAR_MARGIN = integer(
      "alerts.station.clear-margin",
      "3",
      "Bikes (empty) or free docks (full) at which a station clears at once; for a postcode,"
          + " bikes above its threshold.",
      POSITIVE,
      "must be > 0");
  public static final ConfigKey<Integer> ALERTS_POSTCODE_MIN_BIKES = integer(
      "alerts.postcode.min-bikes",
      "5",
      "A postcode with fewer available bikes is low (0: only alerts.postcode.min-share counts).",
      n -> n >= 0,
      "must be >= 0");
  public static final ConfigKey<Double> ALERTS_POSTCODE_MIN_SHARE = key(
      "alerts.postcode.min-share",
      ValueType.DOUBLE,
      Double.class,
      "0",
      "... or fewer than this share of its capacity, e.g. 0.1 (the larger threshold wins; 0:"
          + " off).",
      r -> r >= 0 && r <= 1,
      "must be between 0 and 1");
  public static final ConfigKey<Double> ALERTS_HUMIDEX = key(
      "alerts.weather.humidex",
      ValueType.DOUBLE,
      Double.class,
      "40",
      "Humidex at or above which a location is raised (40: great discomfort).",
      r -> r > 0,
      "must be > 0");
  public static final ConfigKey<Integer> ALERTS_BEAUFORT = integer(
      "alerts.weather.beaufort",
      "8",
      "Beaufort force at or above which a location is raised (8: gale).",
      n -> n >= 1 && n <= 12,
      "must be 1-12");
  public static final ConfigKey<String> ALERTS_WEATHER_THRESHOLDS = string(
      "alerts.weather.thresholds",
      "",
      "Your own weather alerts, comma-separated <feature><op><number> with op >, >=, <, <=, e.g."
          + " temperature>35, wind_speed>=20 (features: the numeric fields of"
          + " topics.weather-features.name, unit suffix optional).");
  public static final ConfigKey<Duration> ALERTS_LATENESS = duration(
      "alerts.allowed-lateness",
      "2m",
      "How late (event time) a record may reach the alerts job and still count; raises and"
          + " clears no new record reveals wait for it too.",
      NOT_NEGATIVE);
  public static final ConfigKey<String> ALERTS_WEBHOOK_URL = string(
      "alerts.webhook.url",
      "",
      "POST each alert record (JSON) to this http(s) URL; empty: no webhook. A token in it is"
          + " never logged.");
  public static final ConfigKey<String> ALERTS_WEBHOOK_AUTHORIZATION = string(
      "alerts.webhook.authorization",
      "",
      "Authorization header of the webhook requests, e.g. Bearer <token>; prefer"
          + " CITYPULSE_ALERTS_WEBHOOK_AUTHORIZATION. Never logged.");
  public static final ConfigKey<Integer> ALERTS_WEBHOOK_ATTEMPTS = integer(
      "alerts.webhook.max-attempts",
      "5",
      "Attempts per alert record before it goes to the dead-letter topic (reason"
          + " webhook_failed).",
      POSITIVE,
      "must be > 0");
  public static final ConfigKey<Duration> ALERTS_WEBHOOK_BACKOFF = duration(
      "alerts.webhook.backoff",
      "1s",
      "Wait after the first failed attempt; it doubles after each one, up to 1 minute.",
      NOT_NEGATIVE);
  public static final ConfigKey<Duration> ALERTS_WEBHOOK_TIMEOUT = duration(
      "alerts.webhook.timeout", "10s", "Timeout of one webhook request.", POSITIVE_DURATION);

  // --- Dashboard
  public static final ConfigKey<Boolean> DASHBOARD_ENABLED = bool(
      "dashboard.enabled",
      "true",
      "Serve the live dashboard from run and demo; --no-dashboard sets false.");
  public static final ConfigKey<String> DASHBOARD_HOST = string(
      "dashboard.host",
      "127.0.0.1",
      "Address the dashboard listens on; 127.0.0.1 keeps it on this machine (0.0.0.0: every interface).");
  public static final ConfigKey<Integer> DASHBOARD_PORT = integer(
      "dashboard.port",
      "8080",
      "Port of the dashboard (0 picks a free port).",
      PORT,
      "must be 0-65535");
  public static final ConfigKey<String> DASHBOARD_TILE_URL = string(
      "dashboard.tile-url",
      "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
      "Map tiles of the dashboard ({z}/{x}/{y} template, http or https); empty: no tiles, stations on a"
          + " plain background.");

  // --- Spark
  public static final ConfigKey<String> SPARK_MASTER = string(
      "spark.master",
      "local[2]",
      "Spark master: local[N] runs the jobs in this process; spark://host:7077, yarn or k8s://..."
          + " runs their executors on a cluster (the driver stays here: client mode), which needs"
          + " spark.checkpoint-dir on storage every node sees and ships spark.jobs-jar to them.");
  public static final ConfigKey<String> PIPELINE_PART = key(
      "pipeline.part",
      ValueType.STRING,
      String.class,
      "all",
      "What this process runs: all (pollers, Spark jobs, sinks, dashboard); ingest (pollers,"
          + " topics, dashboard and status: the Spark jobs run in an application submitted to a"
          + " cluster, citypulse submit); jobs (the Spark jobs and sinks only: what a submitted"
          + " driver runs).",
      s -> s.equals("all") || s.equals("ingest") || s.equals("jobs"),
      "expected all, ingest or jobs");
  public static final ConfigKey<String> PIPELINE_JOBS = key(
      "pipeline.jobs",
      ValueType.STRING,
      String.class,
      "",
      "Which Spark jobs this process runs, comma-separated: availability, weather, forecast (the"
          + " live scoring), alerts, postgres (the PostgreSQL sinks), parquet (the Parquet sinks)."
          + " Empty: every job the configuration has. Lets each job be an application of its own"
          + " on a cluster.",
      CitypulseConfig::isJobList,
      "expected a comma-separated list of availability, weather, forecast, alerts, postgres,"
          + " parquet");
  public static final ConfigKey<String> JOBS_JAR = string(
      "spark.jobs-jar",
      "",
      "The lean jobs jar a cluster's executors load citypulse's classes from (Spark's spark.jars),"
          + " when spark.master is not local. Empty: citypulse-jobs.jar beside the running"
          + " citypulse.jar (both are built in citypulse-app/target).");
  public static final ConfigKey<String> DRIVER_HOST = string(
      "spark.driver-host",
      "",
      "The address a cluster's executors reach the driver (this process) at. Empty: 127.0.0.1 in"
          + " local mode; on a cluster, Spark's choice (this host's address).");
  public static final ConfigKey<Integer> SHUFFLE_PARTITIONS = integer(
      "spark.shuffle-partitions",
      "0",
      "Shuffle and state partitions of the Spark jobs, fixed by each job's first checkpoint; 0 = one"
          + " per core of spark.master (local[N]: N). The availability state is keyed by station and"
          + " by area, so each partition is a task that can run on a core of its own.",
      n -> n >= 0,
      "must be >= 0 (0 = one per core)");
  public static final ConfigKey<String> STATE_STORE = key(
      "spark.state-store",
      ValueType.STRING,
      String.class,
      "hdfs",
      "Where the Spark jobs keep their state: hdfs (in memory, delta files in the checkpoint; the"
          + " faster one measured up to 100,000 stations on 2 cores) or rocksdb (on local disk,"
          + " writes only the changed keys, memory off the JVM heap; for state larger than the"
          + " heap). Fixed by each job's first checkpoint.",
      CitypulseConfig::isStateStore,
      "expected hdfs or rocksdb");
  public static final ConfigKey<Duration> TRIGGER_INTERVAL = duration(
      "spark.trigger-interval",
      "0s",
      "Micro-batch interval; 0s starts the next batch as soon as the previous one ends.",
      NOT_NEGATIVE);
  public static final ConfigKey<String> CHECKPOINT_DIR = string(
      "spark.checkpoint-dir",
      "",
      "Parent of the jobs' checkpoints (path or URI), one subdirectory per job. Empty:"
          + " <state-dir>/checkpoints.");
  public static final ConfigKey<String> STARTING_OFFSETS = key(
      "spark.starting-offsets",
      ValueType.STRING,
      String.class,
      "earliest",
      "Where a job with no checkpoint starts reading: earliest or latest.",
      s -> s.equals("earliest") || s.equals("latest"),
      "must be earliest or latest");

  // --- Status output
  public static final ConfigKey<Duration> STATUS_INTERVAL = duration(
      "status.interval", "5s", "How often run and demo print a status line.", POSITIVE_DURATION);

  // --- Demo
  public static final ConfigKey<Integer> DEMO_STATIONS = integer(
      "demo.stations",
      "300",
      "Stations in the generated demo network.",
      n -> n > 0 && n <= 200_000,
      "must be 1-200000");
  public static final ConfigKey<Integer> DEMO_SEED = integer(
      "demo.seed",
      "42",
      "Seed of the demo network generator (same seed, same network and moves).",
      null,
      null);
  public static final ConfigKey<Duration> DEMO_TICK = duration(
      "demo.tick",
      "2s",
      "Simulated time between two rounds of bike moves in the demo network.",
      POSITIVE_DURATION);
  public static final ConfigKey<Integer> DEMO_SYSTEMS = integer(
      "demo.systems",
      "0",
      "Systems in the demo's generated world (as sample-feed --systems writes it), served by the"
          + " demo's server and polled like run --systems; 0: the one network of demo.stations.",
      n -> n >= 0 && n <= 5_000,
      "must be 0-5000");
  public static final ConfigKey<Integer> DEMO_PORT = integer(
      "demo.port",
      "0",
      "Port of the demo GBFS server on 127.0.0.1 (0 picks a free port).",
      PORT,
      "must be 0-65535");

  /** Keys whose values are secrets: masked by {@code citypulse config --effective}. */
  public static final java.util.Set<ConfigKey<?>> SECRETS = java.util.Set.of(
      WEATHER_API_KEY,
      JDBC_PASSWORD,
      SEARCH_PASSWORD,
      SEARCH_API_KEY,
      REDIS_PASSWORD,
      ALERTS_WEBHOOK_URL,
      ALERTS_WEBHOOK_AUTHORIZATION);

  /**
   * Free-form sections of the config file, read as a whole by their user rather than key by key:
   * the scraper's recipes ({@code weather.scraper.recipes.<name> { url = ..., fields { ... } }}).
   * {@code --set} reaches inside them too.
   */
  public static final List<String> SECTIONS = List.of("weather.scraper.recipes");

  /** Every key, in documentation order. */
  public static final List<ConfigKey<?>> ALL = withSourceKeys(List.of(
      BOOTSTRAP_SERVERS,
      KAFKA_PORT,
      STATE_DIR,
      STATIONS_TOPIC,
      STATIONS_PARTITIONS,
      AVAILABILITY_TOPIC,
      AVAILABILITY_PARTITIONS,
      SYSTEM_TOTALS_TOPIC,
      AGGREGATE_AREA,
      DEAD_LETTER_TOPIC,
      HEALTH_TOPIC,
      IMPORT_LEDGER_TOPIC,
      REPLICATION_FACTOR,
      MIN_INSYNC_REPLICAS,
      COMPACT_TOPICS,
      WEATHER_TOPIC,
      WEATHER_FEATURES_TOPIC,
      FORECASTS_TOPIC,
      GBFS_ENABLED,
      GBFS_URL,
      GBFS_SYSTEM,
      STATIONS,
      LANGUAGE,
      MIN_INTERVAL,
      MAX_INTERVAL,
      HTTP_TIMEOUT,
      BACKOFF_INITIAL,
      BACKOFF_MAX,
      SYSTEMS_FILE,
      SYSTEMS_COUNTRIES,
      SYSTEMS_IDS,
      SYSTEMS_MAX_IN_FLIGHT,
      SYSTEMS_MAX_PER_HOST,
      POSTCODE_TABLE,
      GEOCODER_ENABLED,
      GEOCODER_URL,
      GEOCODER_RATE,
      GEOCODER_TIMEOUT,
      GEOCODER_BACKOFF_INITIAL,
      GEOCODER_BACKOFF_MAX,
      POSTCODE_PENDING_TIMEOUT,
      WEATHER_ENABLED,
      WEATHER_SOURCE,
      WEATHER_SOURCES,
      WEATHER_LOCATIONS,
      WEATHER_INTERVAL,
      WEATHER_API_KEY,
      WEATHER_URL,
      WEATHER_GEOCODING_URL,
      WEATHER_LATENESS,
      WEATHER_TREND_WINDOW,
      FORECAST_ENABLED,
      FORECAST_REFRESH,
      POSTGRES_ENABLED,
      JDBC_URL,
      JDBC_USER,
      JDBC_PASSWORD,
      POSTGRES_PORT,
      POSTGRES_STREAMS,
      POSTGRES_TRIGGER,
      POSTGRES_MAX_RECORDS,
      POSTGRES_RETRY_FOR,
      PARQUET_PATH,
      PARQUET_STREAMS,
      PARQUET_TRIGGER,
      SEARCH_ENABLED,
      SEARCH_URL,
      SEARCH_PORT,
      SEARCH_HEAP,
      SEARCH_JAR,
      SEARCH_USERNAME,
      SEARCH_PASSWORD,
      SEARCH_API_KEY,
      SEARCH_STREAMS,
      SEARCH_INDEX_PREFIX,
      SEARCH_INDEX_PERIOD,
      SEARCH_RETENTION,
      SEARCH_REPLICAS,
      SEARCH_BATCH,
      REDIS_URL,
      REDIS_PASSWORD,
      REDIS_STREAMS,
      REDIS_TTL,
      REDIS_HISTORY,
      REDIS_KEY_PREFIX,
      REDIS_CHANNEL,
      REDIS_BATCH,
      ALERTS_ENABLED,
      ALERTS_TOPIC,
      ALERTS_MIN_DURATION,
      ALERTS_CLEAR_AFTER,
      ALERTS_CLEAR_MARGIN,
      ALERTS_POSTCODE_MIN_BIKES,
      ALERTS_POSTCODE_MIN_SHARE,
      ALERTS_HUMIDEX,
      ALERTS_BEAUFORT,
      ALERTS_WEATHER_THRESHOLDS,
      ALERTS_LATENESS,
      ALERTS_WEBHOOK_URL,
      ALERTS_WEBHOOK_AUTHORIZATION,
      ALERTS_WEBHOOK_ATTEMPTS,
      ALERTS_WEBHOOK_BACKOFF,
      ALERTS_WEBHOOK_TIMEOUT,
      DASHBOARD_ENABLED,
      DASHBOARD_HOST,
      DASHBOARD_PORT,
      DASHBOARD_TILE_URL,
      SPARK_MASTER,
      PIPELINE_PART,
      PIPELINE_JOBS,
      JOBS_JAR,
      DRIVER_HOST,
      SHUFFLE_PARTITIONS,
      STATE_STORE,
      TRIGGER_INTERVAL,
      CHECKPOINT_DIR,
      STARTING_OFFSETS,
      STATUS_INTERVAL,
      DEMO_STATIONS,
      DEMO_SEED,
      DEMO_TICK,
      DEMO_SYSTEMS,
      DEMO_PORT));

  /** The per-source keys go after the weather keys shared by every source. */
  private static List<ConfigKey<?>> withSourceKeys(List<ConfigKey<?>> keys) {
    List<ConfigKey<?>> all = new java.util.ArrayList<>(keys);
    int at = all.indexOf(WEATHER_TREND_WINDOW) + 1;
    for (SourceKeys source : WEATHER_SOURCE_KEYS.values()) {
      all.addAll(at, source.all());
      at += source.all().size();
    }
    all.addAll(at, List.of(SCRAPER_RECIPE, SCRAPER_USER_AGENT));
    return List.copyOf(all);
  }

  private static <T> ConfigKey<T> key(
      String name,
      ValueType type,
      Class<T> javaType,
      String def,
      String doc,
      Predicate<T> check,
      String checkDescription) {
    return new ConfigKey<>(name, type, javaType, def, doc, check, checkDescription);
  }

  /** The jobs {@code pipeline.jobs} can name. */
  public static final List<String> JOB_NAMES =
      List.of("availability", "weather", "forecast", "alerts", "postgres", "parquet");

  private static boolean isJobList(String value) {
    return streamList(value).stream().allMatch(JOB_NAMES::contains);
  }

  private static boolean isStateStore(String value) {
    try {
      StateStore.parse(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean isAreaKey(String value) {
    try {
      AreaKeySpec.parse(value);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static ConfigKey<String> string(String name, String def, String doc) {
    return key(name, ValueType.STRING, String.class, def, doc, null, null);
  }

  private static ConfigKey<Integer> integer(
      String name, String def, String doc, Predicate<Integer> check, String checkDescription) {
    return key(name, ValueType.INT, Integer.class, def, doc, check, checkDescription);
  }

  private static ConfigKey<Boolean> bool(String name, String def, String doc) {
    return key(name, ValueType.BOOLEAN, Boolean.class, def, doc, null, null);
  }

  private static ConfigKey<Duration> duration(
      String name, String def, String doc, Predicate<Duration> check) {
    return key(
        name,
        ValueType.DURATION,
        Duration.class,
        def,
        doc,
        check,
        check == NOT_NEGATIVE ? "must not be negative" : "must be greater than zero");
  }

  /** The streams listed in a {@link #POSTGRES_STREAMS}-like value. */
  public static List<String> streamList(String value) {
    return java.util.Arrays.stream(value.split(","))
        .map(String::trim)
        .filter(s -> !s.isEmpty())
        .toList();
  }

  private static ConfigKey<String> streams(String name, String doc) {
    return key(
        name,
        ValueType.STRING,
        String.class,
        String.join(",", STREAM_NAMES),
        doc,
        v -> STREAM_NAMES.containsAll(streamList(v)),
        "must list some of " + String.join(", ", STREAM_NAMES));
  }

  private static ConfigKey<URI> uri(String name, String def, String doc) {
    return key(name, ValueType.URI_VALUE, URI.class, def, doc, null, null);
  }
}
