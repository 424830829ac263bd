package io.citypulse.app.cli;

import io.citypulse.app.config.CitypulseConfig;
import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.ConfigKey;
import io.citypulse.app.config.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Flags shared by {@code run} and {@code demo}; each one overrides a config key. */
final class PipelineOptions {

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "HOCON configuration file (see 'citypulse config' for every key).")
  Path configFile;

  @Option(
      names = "--state-dir",
      paramLabel = "DIR",
      description =
          "Broker data, Spark checkpoints and caches (key state-dir, default .citypulse).")
  String stateDir;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      description = "Use this Kafka cluster instead of starting the embedded broker.")
  String bootstrapServers;

  @Option(
      names = "--kafka-port",
      paramLabel = "PORT",
      description = "Port of the embedded broker on 127.0.0.1 (default 9092; 0 = any free port).")
  String kafkaPort;

  @Option(
      names = "--stations",
      paramLabel = "LIST",
      description = "'all' or station codes/ids, comma-separated (run default: 16107,32017).")
  String stations;

  @Option(
      names = "--postcodes",
      paramLabel = "FILE",
      description = "CSV stationCode,station_id,postcode,city giving each station's postcode.")
  String postcodes;

  @Option(
      names = "--no-geocoder",
      description = "Do not reverse-geocode stations without a postcode.")
  boolean noGeocoder;

  @Option(names = "--no-bikes", description = "Skip the bike-share pipeline (gbfs.enabled=false).")
  boolean noBikes;

  @Option(
      names = "--no-weather",
      description = "Skip the weather pipeline (weather.enabled=false).")
  boolean noWeather;

  @Option(
      names = "--weather-source",
      paramLabel = "SOURCE",
      description = "auto, openweathermap, open-meteo, tomorrow.io, generator or scraper (run"
          + " default: auto, i.e. OpenWeatherMap when OPENWEATHERMAP_API_KEY is set, else"
          + " Open-Meteo).")
  String weatherSource;

  @Option(
      names = "--weather-sources",
      paramLabel = "LIST",
      description = "Several sources at once, e.g. 'tomorrow.io, scraper, generator', each with"
          + " its own keys (see citypulse config); none: no poller, the features job reads what"
          + " 'citypulse import' or another producer publishes.")
  String weatherSources;

  @Option(
      names = "--weather-locations",
      paramLabel = "LIST",
      description =
          "Presets (brief, senegal) and places, separated by ';': e.g. 'Paris', 'Paris,FR',"
              + " '48.85,2.35' or 'Thiès@14.79,-16.93'. Default: brief.")
  String weatherLocations;

  @Option(
      names = "--weather-interval",
      paramLabel = "DURATION",
      description =
          "Time between two observations of a location, e.g. 10m (default: the source's).")
  String weatherInterval;

  @Option(
      names = "--postgres",
      description = "Store the results in PostgreSQL: an embedded server with its data in"
          + " <state-dir>/postgres unless --jdbc-url is given.")
  boolean postgres;

  @Option(
      names = "--jdbc-url",
      paramLabel = "URL",
      description = "Store the results in the PostgreSQL at this JDBC URL, e.g."
          + " jdbc:postgresql://host:5432/db. User and password: CITYPULSE_STORAGE_POSTGRES_USER and"
          + " _PASSWORD, or the config file.")
  String jdbcUrl;

  @Option(
      names = "--parquet",
      paramLabel = "PATH|URI",
      description = "Append the results to a Parquet history here (a directory, file:, hdfs:// or"
          + " s3a:// URI), partitioned by date (storage.parquet.path).")
  String parquetPath;

  @Option(
      names = "--opensearch",
      paramLabel = "URL",
      arity = "0..1",
      fallbackValue = "",
      description = "Index the results in OpenSearch or Elasticsearch at URL; alone: an embedded"
          + " OpenSearch node, data in <state-dir>/opensearch (storage.search.*).")
  String opensearch;

  @Option(
      names = "--opensearch-port",
      paramLabel = "PORT",
      description = "HTTP port of the embedded OpenSearch on 127.0.0.1 (default 9200; 0 = any free"
          + " port).")
  String opensearchPort;

  @Option(
      names = "--redis",
      paramLabel = "URL",
      description = "Keep the latest states in the Redis at URL, e.g. redis://127.0.0.1:6379"
          + " (storage.redis.*); password: CITYPULSE_STORAGE_REDIS_PASSWORD.")
  String redis;

  @Option(
      names = "--no-dashboard",
      description = "Skip the live dashboard (dashboard.enabled=false).")
  boolean noDashboard;

  @Option(
      names = "--dashboard-port",
      paramLabel = "PORT",
      description = "Port of the dashboard on 127.0.0.1 (default 8080; 0 = any free port).")
  String dashboardPort;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Set any config key, e.g. spark.master=local[4]. Repeatable.")
  List<String> assignments = List.of();

  /**
   * Resolves the settings of this invocation.
   *
   * @param commandDefaults the command's own defaults (file, env and flags override them)
   * @param commandFlags the command's own flags, as config keys
   */
  Settings settings(Map<String, String> commandDefaults, Map<String, String> commandFlags) {
    Map<String, String> flags = new LinkedHashMap<>(commandFlags);
    flags.putAll(assignments(assignments));
    put(flags, CitypulseConfig.STATE_DIR, stateDir);
    put(flags, CitypulseConfig.BOOTSTRAP_SERVERS, bootstrapServers);
    put(flags, CitypulseConfig.KAFKA_PORT, kafkaPort);
    put(flags, CitypulseConfig.STATIONS, stations);
    put(flags, CitypulseConfig.POSTCODE_TABLE, postcodes);
    put(flags, CitypulseConfig.WEATHER_SOURCE, weatherSource);
    put(flags, CitypulseConfig.WEATHER_SOURCES, weatherSources);
    put(flags, CitypulseConfig.WEATHER_LOCATIONS, weatherLocations);
    put(flags, CitypulseConfig.WEATHER_INTERVAL, weatherInterval);
    put(flags, CitypulseConfig.JDBC_URL, jdbcUrl);
    put(flags, CitypulseConfig.PARQUET_PATH, parquetPath);
    if (postgres || jdbcUrl != null) {
      flags.put(CitypulseConfig.POSTGRES_ENABLED.name(), "true");
    }
    if (opensearch != null) {
      flags.put(CitypulseConfig.SEARCH_ENABLED.name(), "true");
      if (!opensearch.isBlank()) {
        flags.put(CitypulseConfig.SEARCH_URL.name(), opensearch);
      }
    }
    put(flags, CitypulseConfig.SEARCH_PORT, opensearchPort);
    put(flags, CitypulseConfig.REDIS_URL, redis);
    put(flags, CitypulseConfig.DASHBOARD_PORT, dashboardPort);
    if (noDashboard) {
      flags.put(CitypulseConfig.DASHBOARD_ENABLED.name(), "false");
    }
    if (noBikes) {
      flags.put(CitypulseConfig.GBFS_ENABLED.name(), "false");
    }
    if (noWeather) {
      flags.put(CitypulseConfig.WEATHER_ENABLED.name(), "false");
    }
    if (noGeocoder) {
      flags.put(CitypulseConfig.GEOCODER_ENABLED.name(), "false");
    }
    return Settings.load(configFile, System.getenv(), flags, commandDefaults);
  }

  /** The keys and values of repeated {@code --set KEY=VALUE} flags, in order. */
  static Map<String, String> assignments(List<String> assignments) {
    Map<String, String> flags = new LinkedHashMap<>();
    for (String assignment : assignments) {
      int eq = assignment.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException("--set expects KEY=VALUE, got '" + assignment + "'");
      }
      flags.put(assignment.substring(0, eq).trim(), assignment.substring(eq + 1).trim());
    }
    return flags;
  }

  static void put(Map<String, String> flags, ConfigKey<?> key, String value) {
    if (value != null) {
      flags.put(key.name(), value);
    }
  }
}
