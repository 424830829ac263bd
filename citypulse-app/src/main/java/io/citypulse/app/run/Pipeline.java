package io.citypulse.app.run;

import static io.citypulse.app.config.CitypulseConfig.*;

import io.citypulse.app.cli.ExitCodes;
import io.citypulse.app.cli.UserFacingException;
import io.citypulse.app.config.ConfigKey;
import io.citypulse.app.config.Settings;
import io.citypulse.broker.BrokerUnavailableException;
import io.citypulse.broker.EmbeddedKafkaBroker;
import io.citypulse.broker.TopicAdmin;
import io.citypulse.broker.TopicSpec;
import io.citypulse.jobs.availability.AvailabilityJobSettings;
import io.citypulse.jobs.availability.PostcodeAvailabilityJob;
import io.citypulse.jobs.spark.SparkSessions;
import io.citypulse.jobs.parquet.ParquetHistoryJob;
import io.citypulse.jobs.parquet.ParquetHistorySettings;
import io.citypulse.jobs.parquet.ParquetStream;
import io.citypulse.jobs.postgres.PostgresSinkJob;
import io.citypulse.jobs.postgres.PostgresSinkSettings;
import io.citypulse.jobs.postgres.StoredStream;
import io.citypulse.jobs.weather.WeatherFeaturesJob;
import io.citypulse.jobs.weather.WeatherJobSettings;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.weather.WeatherSettings;
import io.citypulse.app.postgres.PostgresAccess;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.citypulse.storage.schema.SchemaMigrator;
import io.citypulse.storage.sink.RetryPolicy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in one process: broker (embedded unless a cluster is configured), topics,
 * the bike-share side (GBFS ingest, per-postcode job) and the weather side (weather ingest,
 * weather-features job), each switchable, and their status lines. {@link #close()} stops
 * everything in reverse order.
 */
public final class Pipeline implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
  private static final Duration TOPIC_TIMEOUT = Duration.ofSeconds(30);
  private static final int SHUTDOWN_PRIORITY = 100;
  private static final Duration WEATHER_START_DELAY_MAX = Duration.ofSeconds(30);

  private final Deque<AutoCloseable> resources = new ArrayDeque<>();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private final AtomicBoolean closed = new AtomicBoolean();
  private final PrintWriter out;
  /** The running Spark queries by name, watched by {@link #awaitTermination()}. */
  private final Map<String, StreamingQuery> queries = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile String deferredFailure;
  private String bootstrapServers;

  private Pipeline(PrintWriter out) {
    this.out = out;
  }

  /** Starts every part; on failure, stops what was started and throws a user-facing error. */
  public static Pipeline start(Settings settings, URI gbfsUrl, PrintWriter out) {
    Pipeline pipeline = new Pipeline(out);
    try {
      pipeline.startAll(settings, gbfsUrl);
      return pipeline;
    } catch (RuntimeException e) {
      pipeline.close();
      throw e;
    }
  }

  private void startAll(Settings settings, URI gbfsUrl) {
    boolean bikes = settings.get(GBFS_ENABLED);
    boolean weather = settings.get(WEATHER_ENABLED);
    if (!bikes && !weather) {
      throw new UserFacingException("both pipelines are switched off (gbfs.enabled and"
          + " weather.enabled are false): nothing to run");
    }
    // Checked before anything starts: a bad location or a missing key is a config error.
    WeatherSettings weatherSettings = weather ? WeatherIngest.settings(settings, System.getenv()) : null;
    Path stateDir = createDirectories(settings.get(STATE_DIR).toAbsolutePath());
    // Spark takes seconds to start: build its session while the broker starts.
    CompletableFuture<SparkSession> spark = CompletableFuture.supplyAsync(() ->
        SparkSessions.local(settings.get(SPARK_MASTER), settings.get(SHUFFLE_PARTITIONS),
            stateDir.resolve("spark")));
    List<String> stored = settings.get(POSTGRES_ENABLED) || !settings.get(JDBC_URL).isBlank()
        ? runningStreams(settings, POSTGRES_STREAMS, bikes, weather) : List.of();
    // The embedded server takes a second or two (more on its first initdb): also in parallel.
    CompletableFuture<PostgresAccess> postgres = stored.isEmpty() ? null
        : CompletableFuture.supplyAsync(() -> openPostgres(settings));
    bootstrapServers = startOrReachBroker(settings, stateDir);
    // Stopped before the broker: Spark's cached Kafka producers must not outlive it.
    resources.push(() -> spark.thenAccept(SparkSession::stop).join());
    ensureTopics(settings, bikes, weather);
    Counters counters = new Counters();
    PrometheusMeterRegistry registry = Dashboard.newRegistry();
    InputLag inputLag = new InputLag(bootstrapServers, () -> queries);
    resources.push(inputLag);
    inputLag.start(settings.get(STATUS_INTERVAL));
    SparkJobMeters jobMeters = new SparkJobMeters(registry, queries::get, inputLag::of);
    PipelineHealth health = new PipelineHealth(counters, registry, jobMeters, Clock.systemUTC());
    HealthPublisher healthReports = new HealthPublisher(bootstrapServers, settings.get(HEALTH_TOPIC),
        stateDir, health, Clock.systemUTC());
    resources.push(healthReports);
    healthReports.start(settings.get(STATUS_INTERVAL));
    if (settings.get(DASHBOARD_ENABLED)) {
      // The charts start from the PostgreSQL history of earlier runs, once the server is up; the
      // pipeline reports a failure of PostgreSQL itself.
      startDashboard(settings, health, registry, postgres == null ? null
          : () -> postgres.thenApply(PostgresAccess::target).exceptionally(e -> null).join());
    }

    // Polling starts before the jobs, which are still waiting for Spark: the first records are in
    // the topics when the queries start, so their very first micro-batch already uses them.
    Ingest ingest = null;
    if (bikes) {
      ingest = Ingest.start(settings, gbfsUrl, bootstrapServers, stateDir, counters);
      resources.push(ingest);
      health.addGbfs(ingest.settings(), ingest::status, ingest::postcodes);
    }
    WeatherIngest weatherIngest = null;
    if (weather) {
      weatherIngest = WeatherIngest.start(weatherSettings, settings, bootstrapServers, counters);
      resources.push(weatherIngest);
      health.addWeather(weatherSettings.interval(), weatherIngest::status);
    }

    SparkSession session = awaitSpark(spark);
    session.streams().addListener(jobMeters);
    PostgresAccess database = postgres == null ? null : awaitPostgres(postgres);
    StreamingQuery availability = null;
    if (bikes) {
      PostcodeAvailabilityJob job = availabilityJob(settings, stateDir, session);
      StreamingQuery query = start(job);
      availability = query;
      watch(PostcodeAvailabilityJob.QUERY_NAME, query);
      out.printf("citypulse: polling %s (stations: %s) -> %s -> Spark -> %s%n", gbfsUrl,
          settings.get(STATIONS), settings.get(STATIONS_TOPIC), settings.get(AVAILABILITY_TOPIC));
      StatusReporter status = new StatusReporter(bootstrapServers, settings.get(AVAILABILITY_TOPIC), counters,
          query, () -> inputLag.of(PostcodeAvailabilityJob.QUERY_NAME), ingest::lastSuccessfulPoll,
          () -> job.counts().total().rejected(), ingest::postcodes, out, Clock.systemUTC());
      resources.push(status);
      status.start(settings.get(STATUS_INTERVAL));
    }
    List<Runnable> later = new ArrayList<>();
    if (weather) {
      WeatherIngest polling = weatherIngest;
      later.add(() -> startWeatherSide(settings, stateDir, session, weatherSettings, polling, counters));
    }
    List<String> appended = settings.get(PARQUET_PATH).isBlank()
        ? List.of() : runningStreams(settings, PARQUET_STREAMS, bikes, weather);
    if (database != null || !appended.isEmpty()) {
      later.add(() -> startStorage(settings, stateDir, session, database, stored, appended));
    }
    if (availability == null) {
      later.forEach(Runnable::run);
    } else if (!later.isEmpty()) {
      // On a 2-core laptop the queries' first micro-batches (planning, code generation) would
      // fight for the CPU and delay the first bike aggregate. The weather job and the sinks start
      // once the bike job's first batch is done; their input waits in Kafka meanwhile.
      StreamingQuery first = availability;
      Thread deferred = new Thread(() -> {
        awaitFirstBatch(first, WEATHER_START_DELAY_MAX);
        try {
          later.forEach(Runnable::run);
        } catch (RuntimeException e) {
          deferredFailure = e.getMessage();
          stopRequested.countDown();
        }
      }, "citypulse-deferred-start");
      deferred.setDaemon(true);
      deferred.start();
    }
    out.flush();
  }

  private void startWeatherSide(Settings settings, Path stateDir, SparkSession session,
      WeatherSettings weatherSettings, WeatherIngest weatherIngest, Counters counters) {
    if (closed.get()) {
      return;
    }
    StreamingQuery query = startWeatherJob(settings, stateDir, session);
    WeatherStatusReporter status = new WeatherStatusReporter(bootstrapServers,
        settings.get(WEATHER_FEATURES_TOPIC), weatherIngest, counters, query, out, Clock.systemUTC());
    if (!watch(WeatherFeaturesJob.QUERY_NAME, query, status)) {
      return;
    }
    out.printf("citypulse: weather from %s for %d locations every %s -> %s -> Spark -> %s%n",
        weatherSettings.kind().id(), weatherSettings.locations().size(),
        weatherSettings.interval(), settings.get(WEATHER_TOPIC), settings.get(WEATHER_FEATURES_TOPIC));
    out.flush();
    status.start(settings.get(STATUS_INTERVAL));
  }

  /** The streams listed under {@code key} whose pipeline side runs (weather, or the bikes). */
  private static List<String> runningStreams(Settings settings, ConfigKey<String> key, boolean bikes,
      boolean weather) {
    return streamList(settings.get(key)).stream()
        .filter(id -> id.equals("weather") ? weather : bikes)
        .toList();
  }

  private static PostgresAccess openPostgres(Settings settings) {
    PostgresAccess access = PostgresAccess.forPipeline(settings);
    try {
      SchemaMigrator.migrate(access.target());
      return access;
    } catch (RuntimeException e) {
      access.close();
      throw new UserFacingException("cannot prepare the tables in " + access.description() + ": "
          + e.getMessage(), e);
    }
  }

  private PostgresAccess awaitPostgres(CompletableFuture<PostgresAccess> postgres) {
    PostgresAccess access;
    try {
      access = postgres.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof UserFacingException user ? user
          : new UserFacingException("cannot reach PostgreSQL: " + cause.getMessage(), cause);
    }
    if (!own(access)) {
      throw new UserFacingException("stopped while starting");
    }
    out.println("citypulse: storing results in " + access.description());
    return access;
  }

  private static String topicOf(Settings settings, String streamId) {
    return switch (streamId) {
      case "stations" -> settings.get(STATIONS_TOPIC);
      case "postcodes" -> settings.get(AVAILABILITY_TOPIC);
      default -> settings.get(WEATHER_FEATURES_TOPIC);
    };
  }

  private void startStorage(Settings settings, Path stateDir, SparkSession session,
      PostgresAccess database, List<String> stored, List<String> appended) {
    StorageStatusReporter status = new StorageStatusReporter(out, Clock.systemUTC());
    if (database != null && !startPostgresSinks(settings, stateDir, session, database, stored, status)) {
      return;
    }
    String base = settings.get(PARQUET_PATH).trim();
    for (String id : appended) {
      if (closed.get()) {
        return;
      }
      ParquetStream stream = ParquetStream.valueOf(id.toUpperCase(java.util.Locale.ROOT));
      ParquetHistoryJob job = new ParquetHistoryJob(session, new ParquetHistorySettings(bootstrapServers,
          stream, topicOf(settings, id), base,
          checkpoint(settings, stateDir, stream.checkpointName()), settings.get(STARTING_OFFSETS),
          settings.get(PARQUET_TRIGGER), 0));
      StreamingQuery query;
      try {
        query = job.start();
      } catch (java.util.concurrent.TimeoutException | RuntimeException e) {
        throw new UserFacingException("the " + stream.queryName() + " Spark job did not start (Parquet history"
            + " at " + base + "): " + e.getMessage(), e);
      }
      if (!watch(stream.queryName(), query, null)) {
        return;
      }
      status.addParquet(id, () -> job.counts().total().written());
    }
    if (!appended.isEmpty()) {
      out.printf("citypulse: appending %s to the Parquet history at %s%n", String.join(", ", appended), base);
    }
    if (own(status)) {
      out.flush();
      status.start(settings.get(STATUS_INTERVAL));
    }
  }

  /** False when the pipeline was closed meanwhile. */
  private boolean startPostgresSinks(Settings settings, Path stateDir, SparkSession session,
      PostgresAccess database, List<String> streams, StorageStatusReporter status) {
    RetryPolicy retry = new RetryPolicy(RetryPolicy.DEFAULT.firstDelay(), RetryPolicy.DEFAULT.maxDelay(),
        settings.get(POSTGRES_RETRY_FOR));
    for (String id : streams) {
      if (closed.get()) {
        return false;
      }
      StoredStream stream = StoredStream.of(id);
      String topic = topicOf(settings, id);
      PostgresSinkJob job = new PostgresSinkJob(session, new PostgresSinkSettings(bootstrapServers, stream,
          topic, settings.get(DEAD_LETTER_TOPIC), database.target(),
          checkpoint(settings, stateDir, stream.queryName()), settings.get(STARTING_OFFSETS),
          settings.get(POSTGRES_TRIGGER), settings.get(POSTGRES_MAX_RECORDS), retry));
      StreamingQuery query;
      try {
        query = job.start();
      } catch (java.util.concurrent.TimeoutException e) {
        throw new UserFacingException("the " + stream.queryName() + " Spark job did not start: "
            + e.getMessage(), e);
      }
      if (!own(job) || !watch(stream.queryName(), query, null)) {
        return false;
      }
      status.addPostgres(id, job.status());
    }
    out.printf("citypulse: storing %s in PostgreSQL%n", String.join(", ", streams));
    return true;
  }

  private static void awaitFirstBatch(StreamingQuery query, Duration atMost) {
    long deadline = System.nanoTime() + atMost.toNanos();
    while (query.isActive() && query.lastProgress() == null && System.nanoTime() < deadline) {
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void watch(String name, StreamingQuery query) {
    watch(name, query, null);
  }

  /**
   * Registers a started query (and its status reporter) to be watched and stopped; false, after
   * stopping them, if the pipeline was closed meanwhile (a deferred start racing with Ctrl-C).
   */
  private boolean watch(String name, StreamingQuery query, AutoCloseable status) {
    synchronized (resources) {
      if (!closed.get()) {
        queries.put(name, query);
        resources.push(query::stop);
        if (status != null) {
          resources.push(status);
        }
        return true;
      }
    }
    try {
      query.stop();
      if (status != null) {
        status.close();
      }
    } catch (Exception e) {
      LOG.warn("while stopping: {}", e.toString());
    }
    return false;
  }

  /**
   * Serving static files from a 300 MB jar takes the web server a second or two to set up: done
   * beside the rest, so the first aggregate does not wait for it. A taken port stops the run.
   */
  private void startDashboard(Settings settings, PipelineHealth health, PrometheusMeterRegistry registry,
      java.util.function.Supplier<io.citypulse.storage.JdbcTarget> history) {
    String brokers = bootstrapServers;
    Thread starter = new Thread(() -> {
      try {
        Dashboard dashboard = Dashboard.start(settings, brokers, health, registry, history);
        if (own(dashboard)) {
          out.println("citypulse: dashboard at " + dashboard.url());
          out.flush();
        }
      } catch (RuntimeException e) {
        deferredFailure = e.getMessage();
        stopRequested.countDown();
      }
    }, "citypulse-dashboard-start");
    starter.setDaemon(true);
    starter.start();
  }

  /** Registers a resource to be closed with the pipeline; false (after closing it) if already closed. */
  private boolean own(AutoCloseable resource) {
    synchronized (resources) {
      if (!closed.get()) {
        resources.push(resource);
        return true;
      }
    }
    try {
      resource.close();
    } catch (Exception e) {
      LOG.warn("while stopping: {}", e.toString());
    }
    return false;
  }

  private String startOrReachBroker(Settings settings, Path stateDir) {
    String configured = settings.get(BOOTSTRAP_SERVERS);
    if (!configured.isBlank()) {
      if (!TopicAdmin.isReachable(configured, Duration.ofSeconds(15))) {
        throw new UserFacingException("no Kafka broker answered at " + configured
            + " within 15 s (check kafka.bootstrap-servers / --bootstrap-servers)");
      }
      out.println("citypulse: using Kafka at " + configured);
      return configured;
    }
    int port = settings.get(KAFKA_PORT);
    EmbeddedKafkaBroker broker;
    try {
      broker = EmbeddedKafkaBroker.start(stateDir.resolve("kafka"), port);
    } catch (RuntimeException e) {
      throw new UserFacingException("cannot start the embedded Kafka broker: " + e.getMessage(), e);
    }
    resources.push(broker);
    out.printf("citypulse: embedded Kafka broker on %s (data in %s, started in %d ms)%n",
        broker.bootstrapServers(), broker.logDir(), broker.startupTime().toMillis());
    return broker.bootstrapServers();
  }

  private void ensureTopics(Settings settings, boolean bikes, boolean weather) {
    short replication = settings.get(REPLICATION_FACTOR).shortValue();
    Map<String, String> compacted = settings.get(COMPACT_TOPICS)
        ? Map.of("cleanup.policy", "compact") : Map.of();
    List<TopicSpec> specs = new ArrayList<>();
    if (bikes) {
      specs.add(new TopicSpec(settings.get(STATIONS_TOPIC), settings.get(STATIONS_PARTITIONS),
          replication, compacted));
      specs.add(new TopicSpec(settings.get(AVAILABILITY_TOPIC),
          settings.get(AVAILABILITY_PARTITIONS), replication, compacted));
    }
    if (weather) {
      // Not compacted: the trends need the history of each location, not only its latest value.
      specs.add(new TopicSpec(settings.get(WEATHER_TOPIC), 1, replication, Map.of()));
      specs.add(new TopicSpec(settings.get(WEATHER_FEATURES_TOPIC), 1, replication, Map.of()));
    }
    specs.add(new TopicSpec(settings.get(DEAD_LETTER_TOPIC), 1, replication, Map.of()));
    // One record per pipeline is all a dashboard needs: always compacted.
    specs.add(new TopicSpec(settings.get(HEALTH_TOPIC), 1, replication, Map.of("cleanup.policy", "compact")));
    try {
      TopicAdmin.ensureTopics(bootstrapServers, specs, TOPIC_TIMEOUT);
    } catch (BrokerUnavailableException e) {
      throw new UserFacingException(e.getMessage(), e);
    }
  }

  private StreamingQuery startWeatherJob(Settings settings, Path stateDir, SparkSession spark) {
    WeatherJobSettings jobSettings = new WeatherJobSettings(bootstrapServers,
        settings.get(WEATHER_TOPIC), settings.get(WEATHER_FEATURES_TOPIC),
        settings.get(DEAD_LETTER_TOPIC), checkpoint(settings, stateDir, "weather-features"),
        settings.get(STARTING_OFFSETS), settings.get(TRIGGER_INTERVAL),
        settings.get(WEATHER_LATENESS), settings.get(WEATHER_TREND_WINDOW));
    try {
      return new WeatherFeaturesJob(spark, jobSettings).start();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new UserFacingException("the weather Spark job did not start: " + e.getMessage(), e);
    }
  }

  /** Each query's own checkpoint: under state-dir, or under spark.checkpoint-dir when set. */
  private static String checkpoint(Settings settings, Path stateDir, String queryName) {
    String configured = settings.get(CHECKPOINT_DIR);
    return configured.isBlank()
        ? stateDir.resolve("checkpoints").resolve(queryName).toString()
        : configured.replaceAll("/+$", "") + "/" + queryName;
  }

  private PostcodeAvailabilityJob availabilityJob(Settings settings, Path stateDir,
      SparkSession spark) {
    String checkpoint = checkpoint(settings, stateDir, PostcodeAvailabilityJob.CHECKPOINT_NAME);
    return new PostcodeAvailabilityJob(spark, new AvailabilityJobSettings(bootstrapServers,
        settings.get(STATIONS_TOPIC), settings.get(AVAILABILITY_TOPIC), checkpoint,
        settings.get(STARTING_OFFSETS), settings.get(TRIGGER_INTERVAL), null));
  }

  private static StreamingQuery start(PostcodeAvailabilityJob job) {
    try {
      return job.start();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new UserFacingException("the Spark job did not start: " + e.getMessage(), e);
    }
  }

  private static SparkSession awaitSpark(CompletableFuture<SparkSession> spark) {
    try {
      return spark.join();
    } catch (CompletionException e) {
      throw new UserFacingException("cannot start Spark: " + e.getCause().getMessage(), e.getCause());
    }
  }

  private static Path createDirectories(Path dir) {
    try {
      return Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the state directory " + dir, e);
    }
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  /**
   * Blocks until {@link #close()} is called (Ctrl-C) or the Spark job fails.
   *
   * @return the process exit code
   */
  public int awaitTermination() throws InterruptedException {
    // Through Hadoop's hook manager, above Spark's own hooks (priority 50 stops the SparkContext),
    // so on Ctrl-C the poller and the query stop before Spark is torn down under them.
    org.apache.hadoop.util.ShutdownHookManager.get().addShutdownHook(this::close, SHUTDOWN_PRIORITY);
    while (!stopRequested.await(1, TimeUnit.SECONDS)) {
      for (Map.Entry<String, StreamingQuery> entry : queries.entrySet()) {
        StreamingQuery query = entry.getValue();
        if (!query.isActive()) {
          if (closed.get()) {
            return ExitCodes.OK;
          }
          StreamingQueryException failure = query.exception().getOrElse(() -> null);
          out.println("citypulse: the Spark job " + entry.getKey() + " stopped"
              + (failure == null ? "" : ": " + failure.getMessage()));
          out.flush();
          return ExitCodes.FAILURE;
        }
      }
    }
    if (deferredFailure != null && !closed.get()) {
      out.println("citypulse: " + deferredFailure);
      out.flush();
      return ExitCodes.FAILURE;
    }
    return ExitCodes.OK;
  }

  /** Stops every started part, newest first; safe to call twice and from a shutdown hook. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    stopRequested.countDown();
    while (true) {
      AutoCloseable resource;
      synchronized (resources) {
        if (resources.isEmpty()) {
          break;
        }
        resource = resources.pop();
      }
      try {
        resource.close();
      } catch (Exception e) {
        LOG.warn("while stopping: {}", e.toString());
      }
    }
    out.println("citypulse: stopped");
    out.flush();
  }
}
