package io.citypulse.app.run;

import static io.citypulse.app.config.CitypulseConfig.*;

import io.citypulse.app.cli.UserFacingException;
import io.citypulse.app.config.ConfigKey;
import io.citypulse.app.config.Settings;
import io.citypulse.broker.TopicSpec;
import io.citypulse.jobs.availability.PostcodeAvailabilityJob;
import io.citypulse.jobs.parquet.ParquetStream;
import io.citypulse.jobs.postgres.StoredStream;
import io.citypulse.jobs.weather.WeatherFeaturesJob;
import io.citypulse.sources.weather.WeatherSettings;
import io.citypulse.storage.sink.RetryPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Which stages a run has, in start order, with their topics, checkpoints and settings: built from
 * settings by pure code (nothing starts, nothing is read but the settings), so a unit test can
 * inspect it. This is the one place where stages are registered: a new source, job or sink is a
 * stage class plus a line here. A bad setting is a config error here, before anything starts.
 */
public record PipelinePlan(List<Stage> stages) {
  /** The longest the weather job and the sinks wait for the first bike aggregate. */
  static final Duration FIRST_AGGREGATE_WAIT = Duration.ofSeconds(30);

  public PipelinePlan {
    stages = List.copyOf(stages);
    StageRunner.validate(stages);
  }

  /**
   * @param gbfsUrl the feed to poll (null when the bike side is off)
   * @param env the environment, for the weather API keys
   */
  public static PipelinePlan of(Settings settings, URI gbfsUrl, Map<String, String> env) {
    boolean bikes = settings.get(GBFS_ENABLED);
    boolean weather = settings.get(WEATHER_ENABLED);
    if (!bikes && !weather) {
      throw new UserFacingException("both pipelines are switched off (gbfs.enabled and"
          + " weather.enabled are false): nothing to run");
    }
    WeatherSettings weatherSettings = weather ? WeatherIngest.settings(settings, env) : null;
    Path stateDir = settings.get(STATE_DIR).toAbsolutePath();
    Duration status = settings.get(STATUS_INTERVAL);
    String deadLetters = settings.get(DEAD_LETTER_TOPIC);
    String offsets = settings.get(STARTING_OFFSETS);
    List<String> stored = settings.get(POSTGRES_ENABLED) || !settings.get(JDBC_URL).isBlank()
        ? runningStreams(settings, POSTGRES_STREAMS, bikes, weather) : List.of();
    List<String> appended = settings.get(PARQUET_PATH).isBlank()
        ? List.of() : runningStreams(settings, PARQUET_STREAMS, bikes, weather);
    // With bikes, the weather job and the sinks start after the first bike aggregate.
    List<String> afterFirstAggregate = bikes ? List.of(FirstAggregateStage.NAME) : List.of();

    List<Stage> stages = new ArrayList<>();
    stages.add(new StateDirStage(stateDir));
    stages.add(new MetricsStage());
    if (!stored.isEmpty()) {
      stages.add(new PostgresStage(settings));
    }
    stages.add(new BrokerStage(settings.get(BOOTSTRAP_SERVERS), settings.get(KAFKA_PORT), stateDir.resolve("kafka")));
    stages.add(new SparkStage(settings.get(SPARK_MASTER), settings.get(SHUFFLE_PARTITIONS), stateDir.resolve("spark")));
    stages.add(new TopicsStage(topics(settings, bikes, weather)));
    stages.add(new InputLagStage(status));
    stages.add(new HealthReportStage(settings.get(HEALTH_TOPIC), stateDir, status));
    if (settings.get(DASHBOARD_ENABLED)) {
      stages.add(new DashboardStage(settings, !stored.isEmpty()));
    }
    if (bikes) {
      stages.add(new PostcodesStage(Ingest.postcodeSettings(settings, stateDir), settings.origin(POSTCODE_TABLE)));
      stages.add(new GbfsIngestStage(Ingest.gbfsSettings(settings, gbfsUrl), Ingest.stationFilter(settings),
          settings.get(STATIONS_TOPIC), deadLetters));
      stages.add(new AvailabilityJobStage(settings.get(STATIONS_TOPIC), settings.get(AVAILABILITY_TOPIC),
          checkpoint(settings, stateDir, PostcodeAvailabilityJob.CHECKPOINT_NAME), offsets,
          settings.get(TRIGGER_INTERVAL), gbfsUrl + " (stations: " + settings.get(STATIONS) + ")"));
      stages.add(new BikeStatusStage(settings.get(AVAILABILITY_TOPIC), status));
      stages.add(new FirstAggregateStage(FIRST_AGGREGATE_WAIT));
    }
    if (weather) {
      stages.add(new WeatherIngestStage(weatherSettings, settings.get(WEATHER_TOPIC), deadLetters));
      stages.add(new WeatherJobStage(settings.get(WEATHER_TOPIC), settings.get(WEATHER_FEATURES_TOPIC),
          deadLetters, checkpoint(settings, stateDir, WeatherFeaturesJob.QUERY_NAME), offsets,
          settings.get(TRIGGER_INTERVAL), settings.get(WEATHER_LATENESS), settings.get(WEATHER_TREND_WINDOW),
          weatherSettings.kind().id() + " for " + weatherSettings.locations().size() + " locations every "
              + weatherSettings.interval(),
          concat(List.of(SparkStage.NAME, TopicsStage.NAME, WeatherIngestStage.NAME), afterFirstAggregate)));
      stages.add(new WeatherStatusStage(settings.get(WEATHER_FEATURES_TOPIC), status));
    }
    Map<String, String> postgresSinks = new LinkedHashMap<>();
    RetryPolicy retry = new RetryPolicy(RetryPolicy.DEFAULT.firstDelay(), RetryPolicy.DEFAULT.maxDelay(),
        settings.get(POSTGRES_RETRY_FOR));
    for (String id : stored) {
      StoredStream stream = StoredStream.of(id);
      Stage sink = new PostgresSinkStage(stream, topicOf(settings, id), deadLetters,
          checkpoint(settings, stateDir, stream.queryName()), offsets, settings.get(POSTGRES_TRIGGER),
          settings.get(POSTGRES_MAX_RECORDS),
          retry, concat(List.of(SparkStage.NAME, PostgresStage.NAME, TopicsStage.NAME), afterFirstAggregate));
      stages.add(sink);
      postgresSinks.put(id, sink.name());
    }
    Map<String, String> parquetSinks = new LinkedHashMap<>();
    for (String id : appended) {
      ParquetStream stream = ParquetStream.valueOf(id.toUpperCase(Locale.ROOT));
      Stage sink = new ParquetSinkStage(stream, topicOf(settings, id), settings.get(PARQUET_PATH).trim(),
          checkpoint(settings, stateDir, stream.checkpointName()), offsets, settings.get(PARQUET_TRIGGER),
          concat(List.of(SparkStage.NAME, TopicsStage.NAME), afterFirstAggregate));
      stages.add(sink);
      parquetSinks.put(id, sink.name());
    }
    if (!postgresSinks.isEmpty() || !parquetSinks.isEmpty()) {
      stages.add(new StorageStatusStage(postgresSinks, parquetSinks, settings.get(PARQUET_PATH).trim(), status));
    }
    return new PipelinePlan(stages);
  }

  /** Stage names in start order. */
  public List<String> names() {
    return stages.stream().map(Stage::name).toList();
  }

  /** The stage of that name, if the plan has it. */
  public Optional<Stage> stage(String name) {
    return stages.stream().filter(stage -> stage.name().equals(name)).findFirst();
  }

  /** The stage of that name and type; fails if the plan has none. */
  public <T extends Stage> T stage(String name, Class<T> type) {
    return type.cast(stage(name).orElseThrow(() -> new IllegalArgumentException("no stage " + name + " in " + names())));
  }

  /** The topics a run needs: the bike side's, the weather side's, dead letters and health. */
  static List<TopicSpec> topics(Settings settings, boolean bikes, boolean weather) {
    short replication = settings.get(REPLICATION_FACTOR).shortValue();
    Map<String, String> compacted = settings.get(COMPACT_TOPICS) ? Map.of("cleanup.policy", "compact") : Map.of();
    List<TopicSpec> specs = new ArrayList<>();
    if (bikes) {
      specs.add(new TopicSpec(settings.get(STATIONS_TOPIC), settings.get(STATIONS_PARTITIONS), replication,
          compacted));
      specs.add(new TopicSpec(settings.get(AVAILABILITY_TOPIC), settings.get(AVAILABILITY_PARTITIONS),
          replication, compacted));
    }
    if (weather) {
      // Not compacted: the trends need the history of each location, not only its latest value.
      specs.add(new TopicSpec(settings.get(WEATHER_TOPIC), 1, replication, Map.of()));
      specs.add(new TopicSpec(settings.get(WEATHER_FEATURES_TOPIC), 1, replication, Map.of()));
    }
    specs.add(new TopicSpec(settings.get(DEAD_LETTER_TOPIC), 1, replication, Map.of()));
    // One record per pipeline is all a dashboard needs: always compacted.
    specs.add(new TopicSpec(settings.get(HEALTH_TOPIC), 1, replication, Map.of("cleanup.policy", "compact")));
    return specs;
  }

  /** Each job's own checkpoint: under state-dir, or under spark.checkpoint-dir when set. */
  static String checkpoint(Settings settings, Path stateDir, String name) {
    String configured = settings.get(CHECKPOINT_DIR);
    return configured.isBlank()
        ? stateDir.resolve("checkpoints").resolve(name).toString()
        : configured.replaceAll("/+$", "") + "/" + name;
  }

  /** The streams listed under {@code key} whose side runs (weather, or the bikes). */
  private static List<String> runningStreams(Settings settings, ConfigKey<String> key, boolean bikes,
      boolean weather) {
    return streamList(settings.get(key)).stream().filter(id -> id.equals("weather") ? weather : bikes).toList();
  }

  private static String topicOf(Settings settings, String streamId) {
    return switch (streamId) {
      case "stations" -> settings.get(STATIONS_TOPIC);
      case "postcodes" -> settings.get(AVAILABILITY_TOPIC);
      default -> settings.get(WEATHER_FEATURES_TOPIC);
    };
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }
}
