package io.citypulse.app.run;

import static io.citypulse.app.config.CitypulseConfig.*;

import io.citypulse.alerts.AlertSettings;
import io.citypulse.app.cli.UserFacingException;
import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.ConfigKey;
import io.citypulse.app.config.Settings;
import io.citypulse.broker.TopicSpec;
import io.citypulse.jobs.alerts.AlertsJob;
import io.citypulse.jobs.area.AreaKeySpec;
import io.citypulse.jobs.availability.AreaGrouping;
import io.citypulse.jobs.availability.PostcodeAvailabilityJob;
import io.citypulse.jobs.parquet.ParquetStream;
import io.citypulse.jobs.postgres.StoredStream;
import io.citypulse.jobs.scoring.ForecastScoringJob;
import io.citypulse.jobs.spark.JobEngine;
import io.citypulse.jobs.spark.StateStore;
import io.citypulse.jobs.weather.WeatherFeaturesJob;
import io.citypulse.sources.poll.StationFilter;
import io.citypulse.sources.weather.WeatherSettings;
import io.citypulse.storage.sink.RetryPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which stages a run has, in start order, what each needs, and their topics, checkpoints and
 * settings: built from settings by pure code (nothing starts; nothing is read but the settings and
 * the systems catalogue they may name, {@link SystemsSelection}), so a unit test can inspect it. This is the one place where stages are registered: a new source,
 * job or sink is a {@link Stage} record plus a line here. A bad setting is a config error here,
 * before anything starts.
 */
public record PipelinePlan(List<PlannedStage> stages) {
  static final String STATE_DIR_STAGE = "state-dir";
  static final String METRICS = "metrics";
  static final String POSTGRES = "postgres";
  static final String BROKER = "broker";
  static final String SPARK = "spark";
  static final String TOPICS = "topics";
  static final String INPUT_LAG = "input-lag";
  static final String POSTCODES = "postcodes";
  static final String GBFS_INGEST = "gbfs-ingest";
  static final String AVAILABILITY_JOB = "availability-job";
  static final String FIRST_AGGREGATE = "first-aggregate";
  static final String WEATHER_INGEST = "weather-ingest";
  static final String WEATHER_JOB = "weather-job";
  static final String FORECAST_JOB = "forecast-job";
  static final String ALERTS_JOB = "alerts-job";
  static final String WEBHOOK_SINK = "webhook-sink";
  static final String CLUSTER_WATCH = "cluster-watch";
  static final String CACHE_SINK = "redis-sink";
  static final String SEARCH = "opensearch";
  static final String SEARCH_SINK = "search-sink";

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
    requireSharedStorage(settings);
    List<WeatherSettings> weatherSources =
        weather ? WeatherIngest.settings(settings, env) : List.of();
    Path stateDir = settings.get(STATE_DIR).toAbsolutePath();
    Duration status = settings.get(STATUS_INTERVAL);
    String deadLetters = settings.get(DEAD_LETTER_TOPIC);
    String offsets = settings.get(STARTING_OFFSETS);
    List<String> stored =
        settings.get(POSTGRES_ENABLED) || !settings.get(JDBC_URL).isBlank()
            ? runningStreams(settings, POSTGRES_STREAMS, bikes, weather)
            : List.of();
    List<String> appended = settings.get(PARQUET_PATH).isBlank()
        ? List.of()
        : runningStreams(settings, PARQUET_STREAMS, bikes, weather);
    // pipeline.jobs: only the named jobs run here (all when empty).
    List<String> wantedJobs = streamList(settings.get(PIPELINE_JOBS));
    requireJobs(settings, wantedJobs, bikes, weather, !stored.isEmpty(), !appended.isEmpty());
    List<String> storedHere = runsHere(wantedJobs, "postgres") ? stored : List.of();
    List<String> appendedHere = runsHere(wantedJobs, "parquet") ? appended : List.of();
    // With bikes, the weather job and the sinks start after the first bike aggregate: on a 2-core
    // laptop their first micro-batches would take the CPU from it.
    List<String> afterFirstAggregate = bikes ? List.of(FIRST_AGGREGATE) : List.of();

    // A catalogue-wide run (gbfs.systems.file, run --systems) is read here, so that a bad
    // catalogue or filters selecting nothing stop the run before anything starts.
    // A driver running only the jobs needs to know the run is multi-system, not the catalogue.
    boolean jobsOnly = settings.get(PIPELINE_PART).equals("jobs");
    SystemsSelection systems = bikes && SystemsSelection.requested(settings) && !jobsOnly
        ? SystemsSelection.of(
            settings,
            Ingest.gbfsSettings(settings, gbfsUrl == null ? settings.get(GBFS_URL) : gbfsUrl))
        : null;
    boolean manySystems = systems != null || (jobsOnly && SystemsSelection.requested(settings));
    Stages plan = new Stages();
    plan.add(STATE_DIR_STAGE, List.of(), new StateDirStage(stateDir));
    plan.add(METRICS, List.of(), new MetricsStage());
    if (!stored.isEmpty()) {
      plan.add(POSTGRES, List.of(STATE_DIR_STAGE), new PostgresStage(settings));
    }
    if (settings.get(SEARCH_ENABLED)) {
      requireSearchUrl(settings);
      plan.add(
          SEARCH,
          List.of(STATE_DIR_STAGE),
          new SearchStage(
              settings.get(SEARCH_URL),
              stateDir.resolve("opensearch"),
              settings.get(SEARCH_PORT),
              settings.get(SEARCH_HEAP),
              settings.get(SEARCH_JAR)));
    }
    plan.add(
        BROKER,
        List.of(STATE_DIR_STAGE),
        new BrokerStage(
            settings.get(BOOTSTRAP_SERVERS), settings.get(KAFKA_PORT), stateDir.resolve("kafka")));
    // Listed after the broker, so stopped before it: Spark's cached Kafka producers must not
    // outlive the broker. It needs neither the broker nor the topics, so it starts beside them.
    plan.add(
        SPARK,
        List.of(STATE_DIR_STAGE, METRICS),
        new SparkStage(
            settings.get(SPARK_MASTER),
            settings.get(SHUFFLE_PARTITIONS),
            stateDir.resolve("spark"),
            stateStore(settings),
            settings.get(JOBS_JAR),
            settings.get(DRIVER_HOST)));
    plan.add(
        TOPICS, List.of(BROKER), new TopicsStage(topics(settings, bikes, weather, manySystems)));
    plan.add(
        INPUT_LAG,
        List.of(BROKER, METRICS),
        new InputLagStage(status, Set.of(settings.get(HEALTH_TOPIC))));
    // Kafka or Spark elsewhere: their brokers and executors go on the status line and the health.
    boolean onCluster = !settings.get(BOOTSTRAP_SERVERS).isBlank()
        || !JobEngine.isLocal(settings.get(SPARK_MASTER));
    List<String> statusNeeds = onCluster ? List.of(CLUSTER_WATCH) : List.of();
    if (onCluster) {
      plan.add(
          CLUSTER_WATCH,
          List.of(BROKER, SPARK, METRICS),
          new ClusterWatchStage(settings.get(SPARK_MASTER), status));
    }
    plan.add(
        "health-report",
        List.of(TOPICS, METRICS),
        new HealthReportStage(settings.get(HEALTH_TOPIC), stateDir, status));
    if (settings.get(DASHBOARD_ENABLED)) {
      plan.addInBackground(
          "dashboard", List.of(TOPICS, METRICS), new DashboardStage(settings, !stored.isEmpty()));
    }
    if (bikes) {
      // The table loads beside the broker: a bad table is reported before Spark has started.
      plan.add(
          POSTCODES,
          List.of(STATE_DIR_STAGE, METRICS),
          new PostcodesStage(
              Ingest.postcodeSettings(settings, stateDir), settings.origin(POSTCODE_TABLE)));
      if (systems == null) {
        plan.add(
            GBFS_INGEST,
            List.of(TOPICS, POSTCODES),
            new GbfsIngestStage(
                Ingest.gbfsSettings(settings, gbfsUrl),
                Ingest.stationFilter(settings),
                settings.get(STATIONS_TOPIC),
                deadLetters));
      } else {
        plan.add(
            GBFS_INGEST,
            List.of(TOPICS, POSTCODES),
            new SystemsIngestStage(
                systems,
                // Vélib' station codes (the run default) mean nothing across a catalogue.
                settings.origin(STATIONS).equals("default")
                    ? StationFilter.ALL
                    : Ingest.stationFilter(settings),
                settings.get(STATIONS_TOPIC),
                deadLetters));
      }
      // After the ingest: the first records are in the topic when the job starts.
      plan.add(
          AVAILABILITY_JOB,
          List.of(SPARK, TOPICS, GBFS_INGEST),
          new AvailabilityJobStage(
              settings.get(STATIONS_TOPIC),
              settings.get(AVAILABILITY_TOPIC),
              checkpoint(settings, stateDir, PostcodeAvailabilityJob.CHECKPOINT_NAME),
              offsets,
              settings.get(TRIGGER_INTERVAL),
              systems == null
                  ? gbfsUrl + " (stations: " + settings.get(STATIONS) + ")"
                  : systems.describe(),
              grouping(settings, manySystems)));
      plan.add(
          "bike-status",
          concat(List.of(AVAILABILITY_JOB, GBFS_INGEST, INPUT_LAG), statusNeeds),
          new BikeStatusStage(settings.get(AVAILABILITY_TOPIC), status));
      plan.addInBackground(
          FIRST_AGGREGATE,
          List.of(AVAILABILITY_JOB),
          new FirstAggregateStage(FIRST_AGGREGATE_WAIT));
      if (settings.get(FORECAST_ENABLED)) {
        plan.add(
            FORECAST_JOB,
            concat(List.of(SPARK, TOPICS, GBFS_INGEST), afterFirstAggregate),
            new ForecastJobStage(
                settings.get(STATIONS_TOPIC),
                settings.get(FORECASTS_TOPIC),
                checkpoint(settings, stateDir, ForecastScoringJob.QUERY_NAME),
                offsets,
                settings.get(TRIGGER_INTERVAL),
                settings.get(FORECAST_REFRESH),
                stateDir));
        plan.add("forecast-status", List.of(FORECAST_JOB), new ForecastStatusStage(status));
      }
    }
    if (weather) {
      // weather.sources = none: no poller; the job reads what import or another producer sends.
      List<String> jobNeeds = new ArrayList<>(concat(List.of(SPARK, TOPICS), afterFirstAggregate));
      if (!weatherSources.isEmpty()) {
        plan.add(
            WEATHER_INGEST,
            List.of(TOPICS, METRICS),
            new WeatherIngestStage(weatherSources, settings.get(WEATHER_TOPIC), deadLetters));
        jobNeeds.add(2, WEATHER_INGEST);
      }
      plan.add(
          WEATHER_JOB,
          jobNeeds,
          new WeatherJobStage(
              settings.get(WEATHER_TOPIC),
              settings.get(WEATHER_FEATURES_TOPIC),
              deadLetters,
              checkpoint(settings, stateDir, WeatherFeaturesJob.QUERY_NAME),
              offsets,
              settings.get(TRIGGER_INTERVAL),
              settings.get(WEATHER_LATENESS),
              settings.get(WEATHER_TREND_WINDOW),
              describe(weatherSources)));
      plan.add(
          "weather-status",
          // TOPICS too: with pipeline.part = ingest and no poller, the job is planned elsewhere
          // and the status line still needs the broker.
          weatherSources.isEmpty()
              ? List.of(TOPICS, WEATHER_JOB)
              : List.of(TOPICS, WEATHER_JOB, WEATHER_INGEST),
          new WeatherStatusStage(settings.get(WEATHER_FEATURES_TOPIC), status));
    }
    if (settings.get(ALERTS_ENABLED)) {
      plan.add(
          ALERTS_JOB,
          concat(List.of(SPARK, TOPICS), afterFirstAggregate),
          new AlertsJobStage(
              bikes ? settings.get(STATIONS_TOPIC) : null,
              bikes ? settings.get(AVAILABILITY_TOPIC) : null,
              weather ? settings.get(WEATHER_FEATURES_TOPIC) : null,
              settings.get(HEALTH_TOPIC),
              settings.get(ALERTS_TOPIC),
              deadLetters,
              checkpoint(settings, stateDir, AlertsJob.QUERY_NAME),
              offsets,
              settings.get(TRIGGER_INTERVAL),
              settings.get(ALERTS_LATENESS),
              alertSettings(settings),
              status));
      if (!settings.get(ALERTS_WEBHOOK_URL).isBlank()) {
        plan.add(
            WEBHOOK_SINK,
            List.of(TOPICS, METRICS),
            new WebhookSinkStage(
                webhookSettings(settings), settings.get(ALERTS_TOPIC), deadLetters));
      }
    }
    List<String> sinks = new ArrayList<>();
    RetryPolicy retry = new RetryPolicy(
        RetryPolicy.DEFAULT.firstDelay(),
        RetryPolicy.DEFAULT.maxDelay(),
        settings.get(POSTGRES_RETRY_FOR));
    for (String id : storedHere) {
      StoredStream stream = StoredStream.of(id);
      sinks.add("postgres-sink-" + id);
      plan.add(
          sinks.get(sinks.size() - 1),
          concat(List.of(SPARK, POSTGRES, TOPICS), afterFirstAggregate),
          new PostgresSinkStage(
              stream,
              topicOf(settings, id),
              deadLetters,
              checkpoint(settings, stateDir, stream.queryName()),
              offsets,
              settings.get(POSTGRES_TRIGGER),
              settings.get(POSTGRES_MAX_RECORDS),
              retry));
    }
    for (String id : appendedHere) {
      ParquetStream stream = ParquetStream.valueOf(id.toUpperCase(Locale.ROOT));
      sinks.add("parquet-sink-" + id);
      plan.add(
          sinks.get(sinks.size() - 1),
          concat(List.of(SPARK, TOPICS), afterFirstAggregate),
          new ParquetSinkStage(
              stream,
              topicOf(settings, id),
              settings.get(PARQUET_PATH).trim(),
              checkpoint(settings, stateDir, stream.checkpointName()),
              offsets,
              settings.get(PARQUET_TRIGGER)));
    }
    // Sinks that copy result topics to a server with a plain consumer (no Spark).
    List<String> indexed = settings.get(SEARCH_ENABLED)
        ? runningStreams(settings, SEARCH_STREAMS, bikes, weather)
        : List.of();
    if (!indexed.isEmpty()) {
      sinks.add(SEARCH_SINK);
      plan.add(
          SEARCH_SINK,
          concat(List.of(TOPICS, METRICS, SEARCH), afterFirstAggregate),
          new SearchSinkStage(
              topicsOf(settings, indexed),
              new io.citypulse.search.IndexNaming(
                  settings.get(SEARCH_INDEX_PREFIX),
                  io.citypulse.search.IndexNaming.period(settings.get(SEARCH_INDEX_PERIOD))),
              searchCredentials(settings),
              settings.get(SEARCH_REPLICAS),
              settings.get(SEARCH_RETENTION),
              deadLetters,
              settings.get(SEARCH_BATCH)));
    }
    List<String> cached = settings.get(REDIS_URL).isBlank()
        ? List.of()
        : runningStreams(settings, REDIS_STREAMS, bikes, weather);
    if (!cached.isEmpty()) {
      sinks.add(CACHE_SINK);
      plan.add(
          CACHE_SINK,
          concat(List.of(TOPICS, METRICS), afterFirstAggregate),
          new CacheSinkStage(
              cacheSettings(settings),
              topicsOf(settings, cached),
              deadLetters,
              settings.get(REDIS_BATCH)));
    }
    if (!sinks.isEmpty()) {
      plan.add(
          "storage-status",
          sinks,
          new StorageStatusStage(
              storedHere, appendedHere, settings.get(PARQUET_PATH).trim(), status));
    }
    List<PlannedStage> selected = selectJobs(settings, plan.list);
    return new PipelinePlan(part(settings.get(PIPELINE_PART), selected));
  }

  /** The alert rules' knobs; a bad {@code alerts.weather.thresholds} entry is a config error. */
  static AlertSettings alertSettings(Settings settings) {
    try {
      return new AlertSettings(
          settings.get(ALERTS_MIN_DURATION),
          settings.get(ALERTS_CLEAR_AFTER),
          settings.get(ALERTS_CLEAR_MARGIN),
          settings.get(ALERTS_POSTCODE_MIN_BIKES),
          settings.get(ALERTS_POSTCODE_MIN_SHARE),
          settings.get(ALERTS_HUMIDEX),
          settings.get(ALERTS_BEAUFORT),
          settings.get(ALERTS_WEATHER_THRESHOLDS));
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config key 'alerts.weather.thresholds' ("
          + settings.origin(ALERTS_WEATHER_THRESHOLDS) + "): " + e.getMessage());
    }
  }

  /** The webhook of {@code alerts.webhook.*}; a URL that is not http(s) is a config error. */
  static io.citypulse.app.sink.webhook.WebhookSettings webhookSettings(Settings settings) {
    try {
      return new io.citypulse.app.sink.webhook.WebhookSettings(
          URI.create(settings.get(ALERTS_WEBHOOK_URL).trim()),
          settings.get(ALERTS_WEBHOOK_AUTHORIZATION),
          settings.get(ALERTS_WEBHOOK_ATTEMPTS),
          settings.get(ALERTS_WEBHOOK_BACKOFF),
          Duration.ofMinutes(1),
          settings.get(ALERTS_WEBHOOK_TIMEOUT));
    } catch (IllegalArgumentException e) {
      // The message never holds the URL whole: it may carry a token.
      throw new ConfigException("config key 'alerts.webhook.url' ("
          + settings.origin(ALERTS_WEBHOOK_URL) + "): "
          + (e.getMessage() != null && e.getMessage().startsWith("the webhook")
              ? e.getMessage()
              : "not a URL"));
    }
  }

  /** "tomorrow.io for 14 locations every PT15M, generator for ...", or where records come from. */
  static String describe(List<WeatherSettings> sources) {
    if (sources.isEmpty()) {
      return "citypulse import or any other producer (no poller)";
    }
    return sources.stream()
        .map(w ->
            w.kind().id() + " for " + w.locations().size() + " locations every " + w.interval())
        .collect(java.util.stream.Collectors.joining(", "));
  }

  private static boolean runsHere(List<String> wantedJobs, String job) {
    return wantedJobs.isEmpty() || wantedJobs.contains(job);
  }

  /** Naming in {@code pipeline.jobs} a job this configuration does not have is an error. */
  private static void requireJobs(
      Settings settings,
      List<String> wanted,
      boolean bikes,
      boolean weather,
      boolean postgres,
      boolean parquet) {
    Map<String, Boolean> present = new java.util.LinkedHashMap<>();
    present.put("availability", bikes);
    present.put("weather", weather);
    present.put("postgres", postgres);
    present.put("parquet", parquet);
    present.put("alerts", settings.get(ALERTS_ENABLED));
    for (String job : wanted) {
      if (!present.get(job)) {
        throw new ConfigException("config key 'pipeline.jobs' (" + settings.origin(PIPELINE_JOBS)
            + "): this configuration has no " + job + " job (it has: "
            + String.join(
                ", ",
                present.entrySet().stream()
                    .filter(Map.Entry::getValue)
                    .map(Map.Entry::getKey)
                    .toList())
            + ")");
      }
    }
  }

  /**
   * Without the jobs {@code pipeline.jobs} leaves out (the sinks are left out where they are
   * planned): each job can run as an application of its own.
   */
  static List<PlannedStage> selectJobs(Settings settings, List<PlannedStage> all) {
    List<String> wanted = streamList(settings.get(PIPELINE_JOBS));
    if (wanted.isEmpty()) {
      return all;
    }
    List<String> dropped = new ArrayList<>();
    if (!wanted.contains("availability")) {
      dropped.addAll(List.of(AVAILABILITY_JOB, FIRST_AGGREGATE));
    }
    if (!wanted.contains("weather")) {
      dropped.add(WEATHER_JOB);
    }
    if (!wanted.contains("forecast")) {
      dropped.addAll(List.of(FORECAST_JOB, "forecast-status"));
    }
    if (!wanted.contains("alerts")) {
      dropped.add(ALERTS_JOB);
    }
    return keeping(all.stream().filter(s -> !dropped.contains(s.name())).toList());
  }

  /** The kept stages, each needing only those of its needs that were kept. */
  private static List<PlannedStage> keeping(List<PlannedStage> kept) {
    List<String> names = kept.stream().map(PlannedStage::name).toList();
    return kept.stream()
        .map(s -> new PlannedStage(
            s.name(),
            s.needs().stream().filter(names::contains).toList(),
            s.background(),
            s.stage()))
        .toList();
  }

  /** Stages only a process with Spark runs ({@code pipeline.part = jobs}, and {@code all}). */
  private static boolean isJobStage(String name) {
    return name.equals(SPARK)
        || name.equals(AVAILABILITY_JOB)
        || name.equals(FIRST_AGGREGATE)
        || name.equals(WEATHER_JOB)
        || name.equals(FORECAST_JOB)
        || name.equals("forecast-status")
        || name.equals(ALERTS_JOB)
        || name.equals(INPUT_LAG)
        || name.startsWith("postgres-sink-")
        || name.startsWith("parquet-sink-")
        || name.equals(CACHE_SINK)
        || name.equals(WEBHOOK_SINK)
        || name.equals(SEARCH)
        || name.equals(SEARCH_SINK)
        || name.equals("storage-status");
  }

  /** Stages both parts run: what they share (state, meters, Kafka and its topics, the database). */
  private static boolean isShared(String name) {
    return List.of(STATE_DIR_STAGE, METRICS, POSTGRES, BROKER, TOPICS, CLUSTER_WATCH)
        .contains(name);
  }

  /**
   * The stages of one part of the pipeline ({@code pipeline.part}), each needing only the kept
   * stages it needed: {@code ingest} polls, publishes and serves the dashboard, {@code jobs} runs
   * the Spark jobs and sinks (a driver submitted to a cluster), {@code all} both.
   */
  static List<PlannedStage> part(String part, List<PlannedStage> all) {
    if (part.equals("all")) {
      return all;
    }
    boolean jobs = part.equals("jobs");
    // Without Spark here, the cluster watch has no executors to count: only the brokers.
    return keeping(all.stream()
        .filter(s -> isShared(s.name()) || isJobStage(s.name()) == jobs)
        .toList());
  }

  /** The plan being built, in start order. */
  private static final class Stages {
    private final List<PlannedStage> list = new ArrayList<>();

    void add(String name, List<String> needs, Stage stage) {
      list.add(new PlannedStage(name, needs, false, stage));
    }

    void addInBackground(String name, List<String> needs, Stage stage) {
      list.add(new PlannedStage(name, needs, true, stage));
    }
  }

  /**
   * Whether this run polls a catalogue of systems ({@code gbfs.systems.file}, {@code run
   * --systems}) rather than one: its records carry many {@code system}s, so per-area outputs
   * must be keyed by system too. The availability job's stage switches its keys on this (or on
   * {@link SystemsSelection#requested} of the settings, which says the same before the plan is
   * made); with one system everything stays as it was.
   */
  public boolean multiSystem() {
    return stage(GBFS_INGEST).map(s -> s.stage() instanceof SystemsIngestStage).orElse(false);
  }

  /** Stage names in start order. */
  public List<String> names() {
    return stages.stream().map(PlannedStage::name).toList();
  }

  /** The stage of that name, if the plan has it. */
  public Optional<PlannedStage> stage(String name) {
    return stages.stream().filter(stage -> stage.name().equals(name)).findFirst();
  }

  /** The stage of that name and type; fails if the plan has none. */
  public <T extends Stage> T stage(String name, Class<T> type) {
    return type.cast(stage(name)
        .orElseThrow(() -> new IllegalArgumentException("no stage " + name + " in " + names()))
        .stage());
  }

  /**
   * What the availability job sums stations into: {@code aggregate.area}, and per system (keys
   * {@code system:area}, plus one total per system) when several systems run at once.
   */
  static AreaGrouping grouping(Settings settings, boolean manySystems) {
    AreaKeySpec areaKey = AreaKeySpec.parse(settings.get(AGGREGATE_AREA));
    return manySystems
        ? AreaGrouping.perSystem(areaKey, settings.get(SYSTEM_TOTALS_TOPIC))
        : new AreaGrouping(areaKey, null);
  }

  /**
   * With a cluster master the executors, on other machines, write the jobs' checkpoints and state
   * and the Parquet history: a path only this machine sees would scatter them over the nodes' disks
   * and lose them with a node. Such a path is refused before anything starts; a URI with a scheme
   * ({@code hdfs://}, {@code s3a://}, {@code file:///mnt/shared} for a mount every node has) is the
   * user saying where every node sees the same files.
   */
  static void requireSharedStorage(Settings settings) {
    String master = settings.get(SPARK_MASTER);
    if (JobEngine.isLocal(master)) {
      return;
    }
    String checkpoints = settings.get(CHECKPOINT_DIR).trim();
    if (!isSharedUri(checkpoints)) {
      throw new ConfigException("config key 'spark.checkpoint-dir' ("
          + settings.origin(CHECKPOINT_DIR) + "): spark.master " + master + " runs the jobs'"
          + " executors on a cluster, which keep the jobs' state under their checkpoints: give a URI"
          + " every node sees (hdfs://namenode:8020/citypulse/checkpoints, s3a://bucket/citypulse,"
          + " or file:///mnt/shared/citypulse on a mount every node has), not "
          + (checkpoints.isEmpty()
              ? "the local <state-dir>/checkpoints"
              : "the local path " + checkpoints));
    }
    String parquet = settings.get(PARQUET_PATH).trim();
    if (!parquet.isEmpty() && !isSharedUri(parquet)) {
      throw new ConfigException("config key 'storage.parquet.path' ("
          + settings.origin(PARQUET_PATH)
          + "): spark.master " + master + " runs the jobs' executors on a cluster, which write the"
          + " Parquet files: give a URI every node sees (hdfs://..., s3a://..., file:///mnt/shared/...),"
          + " not the local path " + parquet);
    }
  }

  /** {@code scheme:...}: a Hadoop URI the user chose (a bare path is this machine's disk). */
  static boolean isSharedUri(String location) {
    return location.matches("[A-Za-z][A-Za-z0-9+.-]*:.+");
  }

  /** {@code spark.state-store}. */
  static StateStore stateStore(Settings settings) {
    return StateStore.parse(settings.get(STATE_STORE));
  }

  /**
   * The topics a run needs: the bike side's (with the per-system totals when several systems
   * run at once), the weather side's, dead letters and health.
   */
  static List<TopicSpec> topics(
      Settings settings, boolean bikes, boolean weather, boolean manySystems) {
    short replication = settings.get(REPLICATION_FACTOR).shortValue();
    int minInsync = settings.get(MIN_INSYNC_REPLICAS);
    if (minInsync > replication) {
      throw new ConfigException("config key 'topics.min-insync-replicas' ("
          + settings.origin(MIN_INSYNC_REPLICAS) + "): " + minInsync + " exceeds"
          + " topics.replication-factor " + replication + ": no write could ever be acknowledged");
    }
    Map<String, String> durable =
        minInsync == 0 ? Map.of() : Map.of("min.insync.replicas", Integer.toString(minInsync));
    Map<String, String> compacted =
        settings.get(COMPACT_TOPICS) ? with(durable, "cleanup.policy", "compact") : durable;
    List<TopicSpec> specs = new ArrayList<>();
    if (bikes) {
      specs.add(new TopicSpec(
          settings.get(STATIONS_TOPIC), settings.get(STATIONS_PARTITIONS), replication, compacted));
      specs.add(new TopicSpec(
          settings.get(AVAILABILITY_TOPIC),
          settings.get(AVAILABILITY_PARTITIONS),
          replication,
          compacted));
      if (settings.get(FORECAST_ENABLED)) {
        specs.add(new TopicSpec(settings.get(FORECASTS_TOPIC), 1, replication, compacted));
      }
      if (manySystems) {
        // Auto-creation is off on the embedded broker: the job's second output must exist first.
        specs.add(new TopicSpec(settings.get(SYSTEM_TOTALS_TOPIC), 1, replication, compacted));
      }
    }
    if (weather) {
      // Not compacted: the trends need the history of each location, not only its latest value.
      specs.add(new TopicSpec(settings.get(WEATHER_TOPIC), 1, replication, durable));
      specs.add(new TopicSpec(settings.get(WEATHER_FEATURES_TOPIC), 1, replication, durable));
    }
    specs.add(new TopicSpec(settings.get(DEAD_LETTER_TOPIC), 1, replication, durable));
    if (settings.get(ALERTS_ENABLED)) {
      // Not compacted: a subject's raised and cleared records are its alert history.
      specs.add(new TopicSpec(settings.get(ALERTS_TOPIC), 1, replication, durable));
    }
    // One record per pipeline is all a dashboard needs: always compacted.
    specs.add(new TopicSpec(
        settings.get(HEALTH_TOPIC), 1, replication, with(durable, "cleanup.policy", "compact")));
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
  private static List<String> runningStreams(
      Settings settings, ConfigKey<String> key, boolean bikes, boolean weather) {
    return streamList(settings.get(key)).stream()
        .filter(id -> id.equals("weather") ? weather : bikes)
        .toList();
  }

  /** The result streams' topics, each with its stream id, in stream order. */
  private static Map<String, String> topicsOf(Settings settings, List<String> streams) {
    Map<String, String> topics = new java.util.LinkedHashMap<>();
    streams.forEach(stream -> topics.put(topicOf(settings, stream), stream));
    return topics;
  }

  /** A configured search cluster must be an http(s) URL without credentials in it. */
  private static void requireSearchUrl(Settings settings) {
    String url = settings.get(SEARCH_URL).trim();
    if (url.isEmpty()) {
      return;
    }
    String problem = null;
    try {
      URI uri = new URI(url);
      if (uri.getScheme() == null
          || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))
          || uri.getHost() == null) {
        problem = "expected http(s)://host:port, e.g. https://search.example.org:9200";
      } else if (uri.getRawUserInfo() != null) {
        problem = "credentials do not belong in the URL: use storage.search.username and"
            + " CITYPULSE_STORAGE_SEARCH_PASSWORD, or CITYPULSE_STORAGE_SEARCH_API_KEY";
      }
    } catch (java.net.URISyntaxException e) {
      problem = "not a URL (" + e.getReason() + ")";
    }
    if (problem != null) {
      // The value may hold a password: name where it came from, not what it is.
      throw new ConfigException("config key '" + SEARCH_URL.name() + "' ("
          + settings.origin(SEARCH_URL) + "): " + problem);
    }
  }

  /** Basic authentication, an API key, or none, from the storage.search keys. */
  static io.citypulse.search.Credentials searchCredentials(Settings settings) {
    String apiKey = settings.get(SEARCH_API_KEY);
    String user = settings.get(SEARCH_USERNAME);
    if (!apiKey.isBlank() && !user.isBlank()) {
      throw new ConfigException("config keys '" + SEARCH_API_KEY.name() + "' and '"
          + SEARCH_USERNAME.name() + "' are both set: give an API key or a user, not both");
    }
    if (!apiKey.isBlank()) {
      return io.citypulse.search.Credentials.apiKey(apiKey.trim());
    }
    if (!user.isBlank()) {
      return io.citypulse.search.Credentials.basic(user.trim(), settings.get(SEARCH_PASSWORD));
    }
    return io.citypulse.search.Credentials.none();
  }

  /** The Redis cache's settings; a URL that does not parse is a config error. */
  static io.citypulse.cache.CacheSettings cacheSettings(Settings settings) {
    try {
      io.citypulse.cache.CacheSettings cache = io.citypulse.cache.CacheSettings.of(
              settings.get(REDIS_URL))
          .withKeyPrefix(settings.get(REDIS_KEY_PREFIX))
          .withTtl(settings.get(REDIS_TTL))
          .withHistoryLength(settings.get(REDIS_HISTORY))
          .withChannel(settings.get(REDIS_CHANNEL));
      String password = settings.get(REDIS_PASSWORD);
      return password.isBlank() || cache.password() != null ? cache : cache.withPassword(password);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("config key '" + REDIS_URL.name() + "' ("
          + settings.origin(REDIS_URL) + "): " + e.getMessage());
    }
  }

  private static String topicOf(Settings settings, String streamId) {
    return switch (streamId) {
      case "stations" -> settings.get(STATIONS_TOPIC);
      case "postcodes" -> settings.get(AVAILABILITY_TOPIC);
      default -> settings.get(WEATHER_FEATURES_TOPIC);
    };
  }

  private static Map<String, String> with(Map<String, String> configs, String key, String value) {
    Map<String, String> all = new java.util.TreeMap<>(configs);
    all.put(key, value);
    return Map.copyOf(all);
  }

  private static List<String> concat(List<String> first, List<String> second) {
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    return List.copyOf(all);
  }
}
