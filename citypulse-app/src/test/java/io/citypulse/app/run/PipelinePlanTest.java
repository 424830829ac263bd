package io.citypulse.app.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.app.cli.UserFacingException;
import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Settings;
import io.citypulse.broker.TopicSpec;
import io.citypulse.jobs.area.AreaKeySpec;
import io.citypulse.jobs.availability.AreaGrouping;
import io.citypulse.jobs.availability.AvailabilityJobSettings;
import io.citypulse.jobs.parquet.ParquetHistorySettings;
import io.citypulse.jobs.postgres.PostgresSinkSettings;
import io.citypulse.jobs.scoring.ForecastJobSettings;
import io.citypulse.jobs.spark.StateStore;
import io.citypulse.jobs.weather.WeatherJobSettings;
import io.citypulse.storage.JdbcTarget;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a run would start, read from its plan without starting anything. */
class PipelinePlanTest {
  private static final URI FEED = URI.create("http://127.0.0.1:1/gbfs.json");
  private static final Path STATE = Path.of("/tmp/citypulse-plan-test");

  private static PipelinePlan plan(Map<String, String> extra) {
    Map<String, String> flags = new HashMap<>(Map.of(
        "state-dir",
        STATE.toString(),
        "weather.source",
        "generator",
        "weather.locations",
        "Dakar@14.69,-17.44"));
    flags.putAll(extra);
    return PipelinePlan.of(Settings.load(null, Map.of(), flags), FEED, Map.of());
  }

  @Test
  void bikesAndWeatherWithTheDashboard() {
    PipelinePlan plan = plan(Map.of());

    assertThat(plan.names())
        .containsExactly(
            "state-dir",
            "metrics",
            "broker",
            "spark",
            "topics",
            "input-lag",
            "health-report",
            "dashboard",
            "postcodes",
            "gbfs-ingest",
            "availability-job",
            "bike-status",
            "first-aggregate",
            "forecast-job",
            "forecast-status",
            "weather-ingest",
            "weather-job",
            "weather-status",
            "alerts-job");
    assertThat(plan.stage("broker", BrokerStage.class).embedded()).isTrue();
    assertThat(plan.stage("topics", TopicsStage.class).topics())
        .extracting(TopicSpec::name)
        .containsExactly(
            "velib-projet",
            "velib-projet-final-data",
            "citypulse-forecasts",
            "topic-weather",
            "topic-weather-final",
            "citypulse-dead-letters",
            "citypulse-alerts",
            "citypulse-health");
  }

  @Test
  void theForecastJobReadsTheStationsTopicAndFindsModelsInTheStateDir() {
    PipelinePlan plan = plan(Map.of(
        "topics.stations.name", "in", "topics.forecasts.name", "out", "forecast.refresh", "5m"));
    ForecastJobStage stage = plan.stage("forecast-job", ForecastJobStage.class);
    ForecastJobSettings job = stage.jobSettings("broker:9092");

    assertThat(job.stationsTopic()).isEqualTo("in");
    assertThat(job.forecastsTopic()).isEqualTo("out");
    assertThat(job.refresh()).isEqualTo(Duration.ofMinutes(5));
    assertThat(job.checkpointLocation()).endsWith("checkpoints/station-forecasts");
    assertThat(stage.stateDir().toString())
        .isEqualTo(job.checkpointLocation().replace("/checkpoints/station-forecasts", ""));
    assertThat(plan(Map.of("forecast.enabled", "false")).names()).doesNotContain("forecast-job");
    assertThat(plan(Map.of("pipeline.jobs", "availability")).names())
        .doesNotContain("forecast-job");
  }

  @Test
  void theAvailabilityJobReadsTheStationsTopicAndKeepsItsCheckpointUnderTheStateDir() {
    AvailabilityJobSettings job = plan(Map.of(
            "topics.stations.name", "in", "topics.postcode-availability.name", "out"))
        .stage("availability-job", AvailabilityJobStage.class)
        .jobSettings("broker:9092");

    assertThat(job.bootstrapServers()).isEqualTo("broker:9092");
    assertThat(job.inputTopic()).isEqualTo("in");
    assertThat(job.outputTopic()).isEqualTo("out");
    assertThat(job.checkpointLocation())
        .isEqualTo(
            STATE.resolve("checkpoints").resolve("postcode-availability-v3").toString());
  }

  @Test
  void oneSystemSumsPostcodesAndAnAreaSettingAddsCellsWhereNoPostcodeIsKnown() {
    AvailabilityJobSettings byDefault =
        plan(Map.of()).stage("availability-job", AvailabilityJobStage.class).jobSettings("b:1");
    AvailabilityJobSettings withCells = plan(Map.of("aggregate.area", "cell:8"))
        .stage("availability-job", AvailabilityJobStage.class)
        .jobSettings("b:1");

    assertThat(byDefault.grouping()).isEqualTo(AreaGrouping.POSTCODES);
    assertThat(withCells.grouping().areaKey()).isEqualTo(AreaKeySpec.cell(8));
    assertThat(withCells.grouping().isPerSystem()).isFalse();
  }

  @Test
  void theStateStoreIsInMemoryUnlessRocksDbIsAskedFor() {
    assertThat(plan(Map.of()).stage("spark", SparkStage.class).stateStore())
        .isEqualTo(StateStore.HDFS);
    assertThat(plan(Map.of("spark.state-store", "RocksDB"))
            .stage("spark", SparkStage.class)
            .stateStore())
        .isEqualTo(StateStore.ROCKSDB);
    assertThatThrownBy(() -> plan(Map.of("spark.state-store", "redis")))
        .hasMessageContaining("spark.state-store")
        .hasMessageContaining("expected hdfs or rocksdb");
  }

  @Test
  void aBadAreaSettingIsRefusedWithTheFormsItAccepts() {
    assertThatThrownBy(() -> plan(Map.of("aggregate.area", "hexagons")))
        .hasMessageContaining("aggregate.area")
        .hasMessageContaining("cell:<resolution>");
  }

  @Test
  void aConfiguredCheckpointDirHoldsEveryJobsCheckpoint() {
    PipelinePlan plan = plan(Map.of(
        "spark.checkpoint-dir",
        "hdfs://nn:8020/cp/",
        "storage.parquet.path",
        "hdfs://nn:8020/history"));

    WeatherJobSettings weather =
        plan.stage("weather-job", WeatherJobStage.class).jobSettings("b:1");
    ParquetHistorySettings stations =
        plan.stage("parquet-sink-stations", ParquetSinkStage.class).jobSettings("b:1");

    assertThat(weather.checkpointLocation()).isEqualTo("hdfs://nn:8020/cp/weather-features");
    assertThat(stations.checkpointLocation()).startsWith("hdfs://nn:8020/cp/parquet-stations");
    assertThat(stations.basePath()).isEqualTo("hdfs://nn:8020/history");
  }

  @Test
  void withBikesTheWeatherJobAndTheSinksWaitForTheFirstAggregate() {
    PipelinePlan plan = plan(Map.of("storage.postgres.jdbc-url", "jdbc:postgresql://db/x"));

    assertThat(plan.stage("weather-job").orElseThrow().needs()).contains("first-aggregate");
    assertThat(plan.stage("postgres-sink-stations").orElseThrow().needs())
        .contains("first-aggregate", "postgres", "spark");
    Map<String, PlannedStage> byName = StageRunner.validate(plan.stages());
    assertThat(StageRunner.isBackground(byName.get("weather-job"), byName)).isTrue();
    assertThat(StageRunner.isBackground(byName.get("availability-job"), byName)).isFalse();
  }

  @Test
  void withoutBikesTheWeatherJobStartsAtOnce() {
    PipelinePlan plan = plan(Map.of("gbfs.enabled", "false", "dashboard.enabled", "false"));

    assertThat(plan.names())
        .doesNotContain(
            "gbfs-ingest", "availability-job", "first-aggregate", "postcodes", "dashboard");
    assertThat(plan.stage("weather-job").orElseThrow().needs()).doesNotContain("first-aggregate");
    assertThat(plan.stage("topics", TopicsStage.class).topics())
        .extracting(TopicSpec::name)
        .doesNotContain("velib-projet");
  }

  @Test
  void weatherSourcesNoneRunsTheFeaturesJobWithoutAPollerAndSeveralSourcesShareOneIngest() {
    PipelinePlan none = plan(
        Map.of("gbfs.enabled", "false", "dashboard.enabled", "false", "weather.sources", "none"));

    assertThat(none.names())
        .contains("weather-job", "weather-status")
        .doesNotContain("weather-ingest");
    assertThat(none.stage("weather-job").orElseThrow().needs()).doesNotContain("weather-ingest");
    PipelinePlan noneIngest = plan(Map.of(
        "gbfs.enabled", "false",
        "dashboard.enabled", "false",
        "weather.sources", "none",
        "pipeline.part", "ingest"));
    assertThat(noneIngest.stage("weather-status").orElseThrow().needs())
        .as("the status line still has the broker when the job runs elsewhere")
        .contains("topics");

    PipelinePlan three = plan(Map.of(
        "gbfs.enabled", "false",
        "dashboard.enabled", "false",
        "weather.sources", "open-meteo,generator,scraper",
        "weather.scraper.recipe", "fzj-juelich"));
    assertThat(three.stage("weather-ingest", WeatherIngestStage.class).sources())
        .extracting(w -> w.kind().id())
        .containsExactly("open-meteo", "generator", "scraper");
    assertThat(three.stage("weather-job").orElseThrow().needs()).contains("weather-ingest");
  }

  @Test
  void postgresSinksFollowTheStreamsOfTheSidesThatRun() {
    PipelinePlan plan = plan(Map.of(
        "weather.enabled",
        "false",
        "storage.postgres.jdbc-url",
        "jdbc:postgresql://db/x",
        "storage.postgres.max-records-per-batch",
        "123"));

    assertThat(plan.names())
        .contains("postgres", "postgres-sink-stations", "postgres-sink-postcodes", "storage-status")
        .doesNotContain("postgres-sink-weather");
    PostgresSinkSettings sink = plan.stage("postgres-sink-postcodes", PostgresSinkStage.class)
        .jobSettings("b:1", new JdbcTarget("jdbc:postgresql://db/x", "u", null));
    assertThat(sink.topic()).isEqualTo("velib-projet-final-data");
    assertThat(sink.maxRecordsPerBatch()).isEqualTo(123);
    assertThat(plan.stage("storage-status").orElseThrow().needs())
        .containsExactly("postgres-sink-stations", "postgres-sink-postcodes");
    assertThat(plan.stage("storage-status", StorageStatusStage.class).postgres())
        .containsExactly("stations", "postcodes");
  }

  @Test
  void aClusterIsReachedNotStarted() {
    BrokerStage broker = plan(Map.of("kafka.bootstrap-servers", "k1:9092,k2:9092"))
        .stage("broker", BrokerStage.class);

    assertThat(broker.embedded()).isFalse();
    assertThat(broker.configured()).isEqualTo("k1:9092,k2:9092");
  }

  @Test
  void onAClusterMasterTheJobsShipTheJobsJarAndKeepCheckpointsWhereEveryNodeSeesThem() {
    Map<String, String> cluster = Map.of(
        "spark.master", "spark://m:7077",
        "spark.checkpoint-dir", "hdfs://nn:8020/citypulse/checkpoints",
        "spark.jobs-jar", "/opt/citypulse/citypulse-jobs.jar",
        "spark.driver-host", "10.0.0.5");

    PipelinePlan plan = plan(cluster);

    SparkStage spark = plan.stage("spark", SparkStage.class);
    assertThat(spark.master()).isEqualTo("spark://m:7077");
    assertThat(spark.jobsJar()).isEqualTo("/opt/citypulse/citypulse-jobs.jar");
    assertThat(spark.driverHost()).isEqualTo("10.0.0.5");
    assertThat(plan.stage("availability-job", AvailabilityJobStage.class).checkpoint())
        .isEqualTo("hdfs://nn:8020/citypulse/checkpoints/postcode-availability-v3");
    // A shared mount, said so with file://, is the user's call.
    plan(Map.of("spark.master", "yarn", "spark.checkpoint-dir", "file:///mnt/shared/cp"));
  }

  @Test
  void onAClusterMasterALocalCheckpointOrParquetPathIsRefused() {
    assertThatThrownBy(() -> plan(Map.of("spark.master", "spark://m:7077")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("spark.checkpoint-dir")
        .hasMessageContaining("the local <state-dir>/checkpoints")
        .hasMessageContaining("hdfs://");
    assertThatThrownBy(() -> plan(
            Map.of("spark.master", "k8s://https://api:6443", "spark.checkpoint-dir", "/data/cp")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not the local path /data/cp");
    assertThatThrownBy(() -> plan(Map.of(
            "spark.master", "spark://m:7077",
            "spark.checkpoint-dir", "hdfs://nn/cp",
            "storage.parquet.path", "history")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("storage.parquet.path")
        .hasMessageContaining("not the local path history");
    // Local masters keep local paths, as before.
    plan(Map.of("spark.master", "local[4]", "storage.parquet.path", "history"));
  }

  @Test
  void theIngestPartPollsAndServesWithoutSparkAndTheJobsPartRunsOnlySpark() {
    Map<String, String> cluster = Map.of(
        "kafka.bootstrap-servers", "k1:9092",
        "spark.master", "spark://m:7077",
        "spark.checkpoint-dir", "hdfs://nn/cp",
        "storage.parquet.path", "hdfs://nn/history");
    Map<String, String> ingest = new HashMap<>(cluster);
    ingest.put("pipeline.part", "ingest");
    Map<String, String> jobs = new HashMap<>(cluster);
    jobs.put("pipeline.part", "jobs");

    PipelinePlan ingestPlan = plan(ingest);
    PipelinePlan jobsPlan = plan(jobs);

    assertThat(ingestPlan.names())
        .contains("broker", "topics", "gbfs-ingest", "weather-ingest", "dashboard", "bike-status")
        .doesNotContain("spark", "availability-job", "weather-job", "parquet-sink-stations");
    assertThat(jobsPlan.names())
        .contains("broker", "topics", "spark", "availability-job", "weather-job")
        .contains("parquet-sink-stations", "storage-status", "cluster-watch")
        .doesNotContain("gbfs-ingest", "weather-ingest", "dashboard", "bike-status", "postcodes");
    // Each kept stage needs only kept stages (the plan's own check would fail otherwise).
    assertThat(jobsPlan.stage("availability-job").orElseThrow().needs())
        .containsExactly("spark", "topics");
  }

  @Test
  void pipelineJobsKeepsOnlyTheNamedJobsAndRefusesOnesTheConfigurationHasNot() {
    Map<String, String> flags = new HashMap<>(Map.of(
        "pipeline.part", "jobs",
        "kafka.bootstrap-servers", "k1:9092",
        "storage.parquet.path", "history",
        "pipeline.jobs", "weather,parquet"));

    PipelinePlan plan = plan(flags);

    assertThat(plan.names())
        .contains("weather-job", "parquet-sink-weather", "parquet-sink-stations", "storage-status")
        .doesNotContain("availability-job", "first-aggregate");
    assertThat(plan.stage("weather-job").orElseThrow().needs()).doesNotContain("first-aggregate");

    flags.put("pipeline.jobs", "availability");
    assertThat(plan(flags).names())
        .contains("availability-job")
        .doesNotContain("weather-job", "parquet-sink-stations", "storage-status");

    flags.put("pipeline.jobs", "postgres");
    assertThatThrownBy(() -> plan(flags))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("no postgres job (it has: availability, weather, parquet, alerts)");
    flags.put("pipeline.jobs", "nosuchjob");
    assertThatThrownBy(() -> plan(flags))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("availability, weather, forecast, alerts, postgres,");
  }

  @Test
  void theAlertsJobReadsWhatRunsAndTakesItsRulesFromTheConfig() {
    AlertsJobStage alerts = plan(Map.of(
            "alerts.station.min-duration", "15m",
            "alerts.postcode.min-share", "0.1",
            "alerts.weather.thresholds", "temperature>35"))
        .stage("alerts-job", AlertsJobStage.class);
    assertThat(alerts.stationsTopic()).isEqualTo("velib-projet");
    assertThat(alerts.postcodeTopic()).isEqualTo("velib-projet-final-data");
    assertThat(alerts.weatherTopic()).isEqualTo("topic-weather-final");
    assertThat(alerts.healthTopic()).isEqualTo("citypulse-health");
    assertThat(alerts.alertsTopic()).isEqualTo("citypulse-alerts");
    assertThat(alerts.checkpoint())
        .isEqualTo(STATE.resolve("checkpoints/alerts").toString());
    assertThat(alerts.rules().minDuration()).isEqualTo(java.time.Duration.ofMinutes(15));
    assertThat(alerts.rules().postcodeMinShare()).isEqualTo(0.1);
    assertThat(alerts.rules().weatherThresholds()).isEqualTo("temperature>35");
    assertThat(plan(Map.of()).stage("alerts-job").orElseThrow().needs())
        .containsExactly("spark", "topics", "first-aggregate");

    AlertsJobStage weatherOnly =
        plan(Map.of("gbfs.enabled", "false")).stage("alerts-job", AlertsJobStage.class);
    assertThat(weatherOnly.stationsTopic()).isNull();
    assertThat(weatherOnly.postcodeTopic()).isNull();
    assertThat(weatherOnly.weatherTopic()).isEqualTo("topic-weather-final");
  }

  @Test
  void aWebhookUrlAddsTheWebhookSinkAndABadOneIsAConfigErrorWithoutTheToken() {
    assertThat(plan(Map.of()).names()).doesNotContain("webhook-sink");
    WebhookSinkStage webhook = plan(Map.of(
            "alerts.webhook.url", "https://hooks.example.org/a?token=t0k3n",
            "alerts.webhook.max-attempts", "4"))
        .stage("webhook-sink", WebhookSinkStage.class);
    assertThat(webhook.alertsTopic()).isEqualTo("citypulse-alerts");
    assertThat(webhook.webhook().maxAttempts()).isEqualTo(4);
    assertThat(webhook.webhook().redacted()).isEqualTo("https://hooks.example.org/a?…");

    assertThatThrownBy(() -> plan(Map.of("alerts.webhook.url", "ftp://u:t0k3n@example.org/")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config key 'alerts.webhook.url' (")
        .hasMessageContaining("must be an http(s) URL")
        .hasMessageNotContaining("t0k3n");
  }

  @Test
  void alertsOffMeansNoJobAndNoTopic() {
    PipelinePlan plan = plan(Map.of("alerts.enabled", "false"));
    assertThat(plan.names()).doesNotContain("alerts-job");
    assertThat(plan.stage("topics", TopicsStage.class).topics())
        .extracting(TopicSpec::name)
        .doesNotContain("citypulse-alerts");
  }

  @Test
  void aBadWeatherThresholdIsAConfigErrorNamingTheEntry() {
    assertThatThrownBy(() -> plan(Map.of("alerts.weather.thresholds", "temperature>35, rain>2")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config key 'alerts.weather.thresholds' (")
        .hasMessageContaining("weather threshold #2 'rain>2': unknown weather feature 'rain'");
  }

  @Test
  void topicsCarryTheirMinimumInSyncReplicasWhenOneIsSet() {
    Settings settings = Settings.load(
        null,
        Map.of(),
        Map.of("topics.replication-factor", "3", "topics.min-insync-replicas", "2"));

    List<TopicSpec> topics = PipelinePlan.topics(settings, true, true, false);

    assertThat(topics).allSatisfy(topic -> {
      assertThat(topic.replicationFactor()).isEqualTo((short) 3);
      assertThat(topic.configs()).containsEntry("min.insync.replicas", "2");
    });
    assertThat(topics.get(0).configs()).containsEntry("cleanup.policy", "compact");
    assertThat(PipelinePlan.topics(Settings.defaults(), true, false, false))
        .allSatisfy(topic -> assertThat(topic.configs()).doesNotContainKey("min.insync.replicas"));
    assertThatThrownBy(() -> PipelinePlan.topics(
            Settings.load(null, Map.of(), Map.of("topics.min-insync-replicas", "2")),
            true,
            false,
            false))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("exceeds topics.replication-factor 1");
  }

  @Test
  void badSettingsAreRefusedBeforeAnythingStarts() {
    assertThatThrownBy(() -> plan(Map.of("gbfs.enabled", "false", "weather.enabled", "false")))
        .isInstanceOf(UserFacingException.class)
        .hasMessageContaining("nothing to run");
    assertThatThrownBy(() -> plan(Map.of("gbfs.stations", "all,16107")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("gbfs settings");
    assertThatThrownBy(() -> plan(Map.of(
            "postcodes.geocoder.backoff.initial", "10m", "postcodes.geocoder.backoff.max", "1m")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("postcodes.geocoder.backoff");
  }

  @Test
  void everyStageNeedsOnlyStagesListedBeforeIt() {
    // validate() is what the record's constructor runs; a plan out of order cannot be built.
    PlannedStage late = new PlannedStage(
        "input-lag",
        List.of("broker"),
        false,
        new InputLagStage(Duration.ofSeconds(1), java.util.Set.of()));
    assertThatThrownBy(() -> new PipelinePlan(List.of(late)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("input-lag needs broker");
  }

  @Test
  void withASystemsCatalogueTheIngestPollsItAndThePlanSaysTheRunIsMultiSystem(
      @org.junit.jupiter.api.io.TempDir Path dir) throws java.io.IOException {
    Path catalogue = dir.resolve("systems.csv");
    java.nio.file.Files.writeString(
        catalogue,
        "Country Code,Name,Location,System ID,URL,Auto-Discovery URL\n"
            + "FR,Yego,Bordeaux,yego bordeaux,https://y.example/,https://y.example/gbfs.json\n");

    PipelinePlan plan = plan(Map.of("gbfs.systems.file", catalogue.toString()));

    assertThat(plan.multiSystem()).isTrue();
    SystemsIngestStage ingest = plan.stage("gbfs-ingest", SystemsIngestStage.class);
    assertThat(ingest.systems().polled()).hasSize(1);
    assertThat(ingest.stations().isAll())
        .as("Vélib' codes by default mean nothing here")
        .isTrue();
    AvailabilityJobStage job = plan.stage("availability-job", AvailabilityJobStage.class);
    assertThat(job.feed()).startsWith("1 GBFS system(s) of ");
    assertThat(job.grouping().isPerSystem()).isTrue();
    assertThat(plan.stage("topics", TopicsStage.class).topics())
        .extracting(TopicSpec::name)
        .contains("citypulse-system-totals");
    assertThat(plan(Map.of("gbfs.systems.file", catalogue.toString(), "gbfs.stations", "16107"))
            .stage("gbfs-ingest", SystemsIngestStage.class)
            .stations()
            .entries())
        .containsExactly("16107");
  }

  @Test
  void withOneSystemThePlanIsNotMultiSystem() {
    PipelinePlan plan = plan(Map.of());

    assertThat(plan.multiSystem()).isFalse();
    assertThat(plan.stage("availability-job", AvailabilityJobStage.class)
            .grouping()
            .isPerSystem())
        .isFalse();
    assertThat(plan.stage("topics", TopicsStage.class).topics())
        .extracting(TopicSpec::name)
        .doesNotContain("citypulse-system-totals");
    assertThat(plan.stage("gbfs-ingest", GbfsIngestStage.class).gbfs().system()).isEqualTo("velib");
  }
}
