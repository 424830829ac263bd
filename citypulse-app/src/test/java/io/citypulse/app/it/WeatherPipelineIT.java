package io.citypulse.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.app.cli.CitypulseCommand;
import io.citypulse.app.cli.ExitCodes;
import io.citypulse.app.config.Settings;
import io.citypulse.app.run.Pipeline;
import io.citypulse.files.FileFormat;
import io.citypulse.files.RecordWriter;
import io.citypulse.files.WeatherRows;
import io.citypulse.model.DeadLetterHeaders;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.WeatherFeatures;
import io.citypulse.model.WeatherObservation;
import io.citypulse.sources.weather.WeatherLocation;
import io.citypulse.sources.weather.WeatherLocations;
import io.citypulse.storage.postgres.PostgresServer;
import io.citypulse.testkit.EmbeddedKafka;
import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.LogCapture;
import io.citypulse.testkit.RecordedRequest;
import io.citypulse.testkit.Response;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The weather side of {@code citypulse run} end to end: a stand-in OpenWeatherMap on 127.0.0.1,
 * the real poller, a real broker, the real Spark job, and the records of
 * {@code topic-weather-final} compared field by field with values recomputed here from the
 * formulas' definitions (never through the job's own code). Also: a refused key, a rate limit, a
 * restart from the checkpoint and the generator. Each test has its own topics and state directory.
 *
 * <p>The JVM runs in a zone that is none of the cities' (UTC+14), so a local time taken from the
 * JVM's zone instead of the observation's offset would show.
 */
class WeatherPipelineIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final Duration WAIT = Duration.ofSeconds(90);
  /** Distinctive, so that finding it anywhere in the output or the logs is no coincidence. */
  private static final String KEY = "owm-it-key-7Hq2xZ";

  private static final String LOCATIONS =
      "Paris@48.8566,2.3522;Tokyo@35.6762,139.6503;New York@40.7128,-74.006;Atlantis@0,0";
  private static final String OWM_PATH = "/data/2.5/weather";

  /**
   * 15:30 UTC on 15 April 2025: 17:30 (afternoon) in Paris (UTC+2, summer time), 00:30 the next
   * day (night) in Tokyo (UTC+9), 11:30 (morning) in New York (UTC-4, daylight time).
   */
  private static final Instant T0 = Instant.parse("2025-04-15T15:30:00Z");

  private static final Owm PARIS_0 = new Owm(
      "paris",
      "Paris",
      "FR",
      48.8566,
      2.3522,
      T0,
      7200,
      24.38,
      24.1,
      54,
      1012,
      3.6,
      250,
      5.1,
      0,
      null,
      "800",
      "clear sky");
  private static final Owm TOKYO_0 = new Owm(
      "tokyo",
      "Tokyo",
      "JP",
      35.6762,
      139.6503,
      T0,
      32400,
      17.2,
      17.4,
      88,
      1006,
      1.2,
      40,
      null,
      75,
      0.25,
      "500",
      "light rain");
  private static final Owm NEW_YORK_0 = new Owm(
      "new-york",
      "New York",
      "US",
      40.7128,
      -74.006,
      T0,
      -14400,
      8.5,
      5.9,
      70,
      1021,
      6.2,
      300,
      9.8,
      20,
      null,
      "801",
      "few clouds");
  /** Tokyo one hour later: the other cities keep answering with T0. */
  private static final Owm TOKYO_1 = new Owm(
      "tokyo",
      "Tokyo",
      "JP",
      35.6762,
      139.6503,
      T0.plusSeconds(3600),
      32400,
      16.45,
      16.6,
      91,
      1006.8,
      0.9,
      30,
      null,
      90,
      0.6,
      "501",
      "moderate rain");

  private static TimeZone jvmZone;

  @TempDir
  Path dir;

  private String weatherTopic;
  private String featuresTopic;
  private String deadLetterTopic;
  private Captured captured;
  private ExecutorService background;

  @BeforeAll
  static void runInAZoneOfNoCity() {
    jvmZone = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("Pacific/Kiritimati"));
  }

  @AfterAll
  static void restoreZone() {
    TimeZone.setDefault(jvmZone);
  }

  @BeforeEach
  void ownTopicsAndCapture(TestInfo test) {
    String name = test.getTestMethod().orElseThrow().getName();
    weatherTopic = "weather-" + name;
    featuresTopic = "weather-final-" + name;
    deadLetterTopic = "dead-letters-" + name;
    captured = new Captured();
    background = Executors.newCachedThreadPool();
  }

  @AfterEach
  void stopCapturing() {
    captured.close();
    background.shutdownNow();
  }

  // -- 1. OpenWeatherMap to exact feature records -------------------------------------------------

  @Test
  void openWeatherMapObservationsBecomeExactFeaturesWithLocalTimesAndATrend() throws Exception {
    try (LocalHttpServer owm = LocalHttpServer.start()) {
      StandInOwm api = new StandInOwm(owm);
      api.serve(PARIS_0).serve(TOKYO_0).serve(NEW_YORK_0).notFound(0.0);

      try (Pipeline pipeline =
          Pipeline.start(owmSettings(owm, LOCATIONS, "1s"), null, captured.out)) {
        Map<String, WeatherFeatures> first = byLocation(awaitFeatures(3));

        assertThat(first).containsOnlyKeys("paris", "tokyo", "new-york");
        WeatherFeatures paris = first.get("paris");
        assertThat(paris)
            .isEqualTo(expected(PARIS_0, "2025-04-15T17:30:00", "afternoon", 3, null, null, 1));
        // The worked example of the brief, as literal numbers.
        assertThat(paris.heatIndex()).isEqualTo(27.96);
        assertThat(paris.severityIndex()).isEqualTo(13.5);
        assertThat(paris.humidexCategory()).isEqualTo("little or no discomfort");
        assertThat(paris.windChillC()).as("above 10 °C").isNull();
        assertThat(first.get("tokyo"))
            .isEqualTo(expected(TOKYO_0, "2025-04-16T00:30:00", "night", 1, null, null, 1));
        WeatherFeatures newYork = first.get("new-york");
        assertThat(newYork)
            .isEqualTo(expected(NEW_YORK_0, "2025-04-15T11:30:00", "morning", 4, null, null, 1));
        assertThat(newYork.windChillC()).as("8.5 °C and 22 km/h: defined").isNotNull();

        // Tokyo moves on one hour; Paris and New York keep answering with the same dt.
        api.serve(TOKYO_1);
        List<WeatherFeatures> all = awaitFeatures(4);
        WeatherFeatures tokyo1 = all.get(3);
        assertThat(tokyo1)
            .isEqualTo(expected(
                TOKYO_1,
                "2025-04-16T01:30:00",
                "night",
                1,
                round2(16.45 - 17.2),
                round2(1006.8 - 1006),
                2));
        assertThat(tokyo1.temperatureChange1h()).isEqualTo(-0.75);
        assertThat(tokyo1.pressureChange1h()).isEqualTo(0.8);

        // Re-polls of an unchanged dt are counted, not published; the others keep being polled.
        int parisPolls = api.requests("48.8566");
        awaitTrue("two more polls of Paris", () -> api.requests("48.8566") >= parisPolls + 2);
        awaitTrue(
            "a status line counting the re-polls",
            () -> captured
                .output()
                .lines()
                .anyMatch(line -> line.contains(
                        "weather openweathermap: 3/4 ok, 1 skipped | published 4, unchanged ")
                    && !line.contains("unchanged 0")));
        assertThat(readAll(weatherTopic))
            .extracting(ConsumerRecord::key)
            .containsExactlyInAnyOrder(
                "openweathermap:paris",
                "openweathermap:tokyo",
                "openweathermap:new-york",
                "openweathermap:tokyo");
        assertThat(readAll(featuresTopic)).hasSize(4);
      }

      assertThat(api.requests("0")).as("Atlantis: one 404, then skipped").isEqualTo(1);
      assertThat(api.latsAfterFirst("0"))
          .as("polling went on after the skip")
          .contains("48.8566", "35.6762", "40.7128")
          .doesNotContain("0");
      assertThat(readAll(deadLetterTopic)).as("nothing unreadable").isEmpty();
      assertKeyNeverShown(api);
    }
  }

  // -- 2. A refused key ---------------------------------------------------------------------------

  @Test
  void aRefusedKeyStopsTheWeatherSourceWhileTheBikePipelineGoesOn() throws Exception {
    try (LocalHttpServer owm = LocalHttpServer.start();
        LocalHttpServer velib = LocalHttpServer.start()) {
      // The message echoes the key back, as some APIs do: it must still never be shown.
      owm.respond(
          OWM_PATH,
          Response.json(
              401,
              "{\"cod\":401, \"message\": \"Invalid API key " + KEY
                  + ". Please see https://openweathermap.org/faq#error401 for more info.\"}"));
      serveVelib(velib);
      Path table = dir.resolve("stations_information.csv");
      Files.writeString(table, """
          stationCode,station_id,postcode,city
          16107,213688169,75116,Paris
          """);
      Map<String, String> flags = new HashMap<>(owmFlags(owm, "Paris@48.8566,2.3522", "1s"));
      flags.putAll(Map.of(
          "gbfs.enabled", "true",
          "gbfs.stations", "all",
          "postcodes.table", table.toString(),
          "postcodes.geocoder.enabled", "false",
          "gbfs.min-interval", "200ms",
          "gbfs.max-interval", "500ms",
          "topics.stations.name", "stations-" + weatherTopic,
          "topics.postcode-availability.name", "availability-" + weatherTopic));
      Settings settings = Settings.load(null, Map.of(), flags);

      Pipeline pipeline = Pipeline.start(settings, velib.uri("/gbfs.json"), captured.out);
      Future<Integer> exit;
      try {
        exit = background.submit(pipeline::awaitTermination);

        Map<String, String> totals = KAFKA.latestByKey(
            "availability-" + weatherTopic, latest -> latest.containsKey("75116"), WAIT);
        PostcodeAvailability paris16 = Json.read(totals.get("75116"), PostcodeAvailability.class);
        assertThat(paris16.bikesAvailable()).isEqualTo(5);
        awaitTrue(
            "a weather status line saying STOPPED",
            () -> captured
                .output()
                .lines()
                .anyMatch(line -> line.contains("weather openweathermap: STOPPED (")
                    && line.contains("check OPENWEATHERMAP_API_KEY")));
        assertThat(exit).as("no job stopped: awaitTermination still waits").isNotDone();
      } finally {
        pipeline.close();
      }
      assertThat(exit.get(30, TimeUnit.SECONDS)).isEqualTo(ExitCodes.OK);
      assertThat(owm.requestCount(OWM_PATH)).as("no call after the 401").isEqualTo(1);
      assertThat(readAll(weatherTopic)).isEmpty();
      assertThat(readAll(featuresTopic)).isEmpty();
      assertKeyNeverShown(new StandInOwm(owm));
    }
  }

  // -- 3. A rate limit ----------------------------------------------------------------------------

  @Test
  void aRateLimitPausesPollingAndTheObservationStillArrives() throws Exception {
    try (LocalHttpServer owm = LocalHttpServer.start()) {
      List<Long> requestNanos = new CopyOnWriteArrayList<>();
      AtomicReference<Response> next = new AtomicReference<>(Response.json(
              429,
              "{\"cod\":429, \"message\": \"Your account is temporary blocked due to"
                  + " exceeding of requests limitation of your subscription type.\"}")
          .header("Retry-After", "1"));
      owm.respondWith(OWM_PATH, request -> {
        requestNanos.add(System.nanoTime());
        return next.getAndSet(Response.json(200, PARIS_0.body()));
      });

      try (Pipeline pipeline =
          Pipeline.start(owmSettings(owm, "Paris@48.8566,2.3522", "1s"), null, captured.out)) {
        List<WeatherFeatures> features = awaitFeatures(1);

        assertThat(features.get(0))
            .isEqualTo(expected(PARIS_0, "2025-04-15T17:30:00", "afternoon", 3, null, null, 1));
      }
      assertThat(requestNanos).hasSizeGreaterThanOrEqualTo(2);
      assertThat(Duration.ofNanos(requestNanos.get(1) - requestNanos.get(0)))
          .as("Retry-After: 1 was honoured")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
      assertThat(captured.logs()).anyMatch(line -> line.contains("rate limit reached"));
      assertKeyNeverShown(new StandInOwm(owm));
    }
  }

  // -- 4. A restart -------------------------------------------------------------------------------

  @Test
  void aRestartFromTheCheckpointNeitherRepeatsARecordNorLosesTheTrend() throws Exception {
    Owm paris30 = new Owm(
        "paris",
        "Paris",
        "FR",
        48.8566,
        2.3522,
        T0.plusSeconds(1800),
        7200,
        25.1,
        24.9,
        50,
        1011.4,
        4.1,
        240,
        6.0,
        10,
        null,
        "800",
        "clear sky");
    try (LocalHttpServer owm = LocalHttpServer.start()) {
      StandInOwm api = new StandInOwm(owm);
      api.serve(PARIS_0);
      Settings settings = owmSettings(owm, "Paris@48.8566,2.3522", "1s");

      try (Pipeline first = Pipeline.start(settings, null, captured.out)) {
        awaitFeatures(1);
        int polls = api.requests("48.8566");
        awaitTrue("re-polls of the same dt", () -> api.requests("48.8566") >= polls + 2);
      }
      assertThat(readAll(weatherTopic)).as("re-polls of one dt publish it once").hasSize(1);

      try (Pipeline second = Pipeline.start(settings, null, captured.out)) {
        // A new poller knows nothing of the last run: it publishes T0 again, and the job,
        // restored from its checkpoint, must recognise it.
        KAFKA.consume(weatherTopic, 2, WAIT);
        api.serve(paris30);
        List<WeatherFeatures> features = awaitFeatures(2);
        int polls = api.requests("48.8566");
        awaitTrue("re-polls of the new dt", () -> api.requests("48.8566") >= polls + 2);

        assertThat(features.get(1))
            .isEqualTo(expected(
                paris30,
                "2025-04-15T18:00:00",
                "evening",
                3,
                round2(25.1 - 24.38),
                round2(1011.4 - 1012),
                2));
        assertThat(features.get(1).temperatureChange1h()).isEqualTo(0.72);
        assertThat(readAll(featuresTopic))
            .as("T0 once, T0+30 min once")
            .extracting(r -> Json.read(r.value(), WeatherFeatures.class).observedAt())
            .containsExactly(T0, T0.plusSeconds(1800));
        assertThat(readAll(weatherTopic)).hasSize(3);
      }
      assertKeyNeverShown(api);
    }
  }

  // -- 5. The generator ---------------------------------------------------------------------------

  @Test
  void theGeneratorFeedsTheJobAndEveryDerivedValueFollowsFromItsRecord() throws Exception {
    Map<String, String> flags = new HashMap<>(baseFlags());
    flags.putAll(Map.of(
        "weather.source", "generator", "weather.locations", "brief", "weather.interval", "1s"));
    Map<String, ZoneId> zones = Map.of(
        "paris",
        ZoneId.of("Europe/Paris"),
        "london",
        ZoneId.of("Europe/London"),
        "tokyo",
        ZoneId.of("Asia/Tokyo"),
        "dakar",
        ZoneId.of("Africa/Dakar"),
        "new-york",
        ZoneId.of("America/New_York"));

    List<WeatherFeatures> features;
    try (Pipeline pipeline =
        Pipeline.start(Settings.load(null, Map.of(), flags), null, captured.out)) {
      features = awaitFeatures(15);
    }

    Map<String, List<WeatherFeatures>> perLocation = features.stream()
        .collect(Collectors.groupingBy(
            WeatherFeatures::location, LinkedHashMap::new, Collectors.toList()));
    assertThat(perLocation).containsOnlyKeys(zones.keySet());
    for (List<WeatherFeatures> series : perLocation.values()) {
      WeatherFeatures firstOfSeries = series.get(0);
      for (int i = 0; i < series.size(); i++) {
        WeatherFeatures f = series.get(i);
        String what = f.location() + " at " + f.observedAt();
        double t = f.temperatureC();
        double rh = f.humidityPct();
        assertThat(f.source()).isEqualTo("generator");
        assertThat(f.heatIndex()).as("heat index of " + what).isEqualTo(round2(humidex(t, rh)));
        assertThat(f.severityIndex())
            .as("severity of " + what)
            .isEqualTo(round2(f.windSpeedMs() * 0.5 + (1015 - f.pressureHpa()) * 0.3 + rh * 0.2));
        assertThat(f.dewPointC()).as("dew point of " + what).isEqualTo(round2(dewPoint(t, rh)));
        assertThat(f.humidexCategory()).isEqualTo(category(humidex(t, rh)));
        assertThat(f.windChillC())
            .as("wind chill of " + what)
            .isEqualTo(windChill(t, f.windSpeedMs()));
        assertThat(f.beaufort()).as("Beaufort of " + what).isEqualTo(beaufort(f.windSpeedMs()));
        int offset =
            zones.get(f.location()).getRules().getOffset(f.observedAt()).getTotalSeconds();
        assertThat(f.utcOffsetSeconds()).isEqualTo(offset);
        LocalDateTime local = LocalDateTime.ofEpochSecond(
            f.observedAt().getEpochSecond() + offset, 0, ZoneOffset.UTC);
        assertThat(f.localTime()).isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(local));
        assertThat(f.timeOfDay()).isEqualTo(timeOfDay(local.getHour()));
        // Every record of this short run is within the hour of the first one.
        assertThat(f.observations1h()).as("observations of " + what).isEqualTo(i + 1);
        assertThat(f.temperatureChange1h())
            .as("temperature change of " + what)
            .isEqualTo(i == 0 ? null : round2(t - firstOfSeries.temperatureC()));
        assertThat(f.pressureChange1h())
            .as("pressure change of " + what)
            .isEqualTo(i == 0 ? null : round2(f.pressureHpa() - firstOfSeries.pressureHpa()));
        if (i > 0) {
          assertThat(f.observedAt()).isAfter(series.get(i - 1).observedAt());
        }
      }
    }
  }

  // -- 6. The status line -------------------------------------------------------------------------

  /**
   * The order is the test's, not a race between Spark's first batch and the first tick: a first run
   * writes the record and stops, so the record is in the features topic before the second run
   * starts, and so before any tick of it; the second run's poller waits on the feed until the test
   * lets it go, so no newer record can reach the topic meanwhile (checked: still one record).
   */
  @Test
  void theStatusLineShowsARecordWrittenBeforeItsFirstTick() throws Exception {
    try (LocalHttpServer owm = LocalHttpServer.start()) {
      StandInOwm api = new StandInOwm(owm).serve(PARIS_0);
      Settings settings = owmSettings(owm, "Paris@48.8566,2.3522", "1s");

      try (Pipeline first = Pipeline.start(settings, null, captured.out)) {
        awaitFeatures(1);
      }
      assertThat(readAll(featuresTopic))
          .as("the record, before the second run starts")
          .hasSize(1);

      CountDownLatch feedReleased = api.hold();
      int polls = api.requests("48.8566");
      int secondRunFrom = captured.output().length();
      try (Pipeline second = Pipeline.start(settings, null, captured.out)) {
        try {
          awaitTrue(
              "the second run's poller waiting on the feed", () -> api.requests("48.8566") > polls);
          awaitTrue(
              "a status line of the second run showing the record",
              () -> captured
                  .output()
                  .substring(secondRunFrom)
                  .contains(
                      "| last paris 24.4 °C, heat index 28.0, afternoon (local 2025-04-15T17:30:00)"));
          assertThat(readAll(featuresTopic))
              .as("no record written during the second run")
              .hasSize(1);
        } finally {
          feedReleased.countDown();
        }
      }
    }
  }

  // -- 7. Open-Meteo: local times with their offset, a name geocoded once -------------------------

  /**
   * Open-Meteo gives {@code current.time} as the location's wall time without an offset: 11:30 in
   * New York (UTC-4) and 00:30 the next day in Tokyo (UTC+9) are both {@link #T0}, 15:30 UTC.
   * Taken as UTC, or in the JVM's zone, they would not be.
   */
  private static final Meteo NEW_YORK_OM = new Meteo(
      "new-york",
      "New York",
      null,
      40.7128,
      -74.006,
      "2025-04-15T11:30",
      -14400,
      9.4,
      6.8,
      62,
      1018.3,
      5.6,
      290,
      11.2,
      40,
      0.0,
      2,
      "partly cloudy");

  private static final Meteo TOKYO_OM = new Meteo(
      "tokyo",
      "Tokyo",
      null,
      35.6762,
      139.6503,
      "2025-04-16T00:30",
      32400,
      16.8,
      16.1,
      81,
      1009.6,
      2.3,
      160,
      4.9,
      100,
      0.4,
      61,
      "slight rain");
  /** Dakar, given by name: its coordinates and country are the geocoder's. */
  private static final Meteo DAKAR_OM = new Meteo(
      "dakar",
      "Dakar",
      "SN",
      14.6937,
      -17.44406,
      "2025-04-15T15:30",
      0,
      23.6,
      24.9,
      69,
      1012.1,
      6.1,
      340,
      8.4,
      0,
      0.0,
      0,
      "clear sky");

  @Test
  void openMeteoLocalTimesBecomeUtcWithTheirOffsetAndANameIsGeocodedOnce() throws Exception {
    try (LocalHttpServer forecast = LocalHttpServer.start();
        LocalHttpServer geocoding = LocalHttpServer.start()) {
      StandInOpenMeteo api = new StandInOpenMeteo(forecast, geocoding);
      api.serve(NEW_YORK_OM)
          .serve(TOKYO_OM)
          .serve(DAKAR_OM)
          .place("Dakar", 14.6937, -17.44406, "SN");
      Map<String, String> flags = new HashMap<>(baseFlags());
      flags.putAll(Map.of(
          "weather.source", "open-meteo",
          "weather.url", forecast.uri("/").toString(),
          "weather.geocoding-url", geocoding.uri("/").toString(),
          "weather.locations", "New York@40.7128,-74.006;Tokyo@35.6762,139.6503;Dakar",
          "weather.interval", "1s"));

      try (Pipeline pipeline =
          Pipeline.start(Settings.load(null, Map.of(), flags), null, captured.out)) {
        Map<String, WeatherFeatures> features = byLocation(awaitFeatures(3));

        assertThat(features).containsOnlyKeys("new-york", "tokyo", "dakar");
        assertThat(features.values())
            .extracting(WeatherFeatures::observedAt)
            .as("every current.time is 15:30 UTC")
            .containsOnly(Instant.parse("2025-04-15T15:30:00Z"));
        WeatherFeatures newYork = features.get("new-york");
        assertThat(newYork)
            .isEqualTo(expected(
                NEW_YORK_OM.observed(T0), "2025-04-15T11:30:00", "morning", 4, null, null, 1));
        assertThat(newYork.windChillC()).as("9.4 °C and 20 km/h: defined").isNotNull();
        assertThat(features.get("tokyo"))
            .isEqualTo(
                expected(TOKYO_OM.observed(T0), "2025-04-16T00:30:00", "night", 2, null, null, 1));
        WeatherFeatures dakar = features.get("dakar");
        assertThat(dakar)
            .isEqualTo(expected(
                DAKAR_OM.observed(T0), "2025-04-15T15:30:00", "afternoon", 4, null, null, 1));
        assertThat(dakar.lat())
            .as("the geocoder's, not the forecast grid's 14.7")
            .isEqualTo(14.6937);
        assertThat(dakar.lon()).isEqualTo(-17.44406);
        assertThat(dakar.country()).isEqualTo("SN");

        // Re-polls of the same current.time do not publish again, nor geocode Dakar again.
        int dakarPolls = api.forecasts("14.6937");
        awaitTrue("two more polls of Dakar", () -> api.forecasts("14.6937") >= dakarPolls + 2);
      }

      assertThat(geocoding.requests(StandInOpenMeteo.SEARCH))
          .as("Dakar geocoded once")
          .singleElement()
          .satisfies(search ->
              assertThat(query(search)).containsEntry("name", "Dakar").containsEntry("count", "1"));
      assertThat(forecast.requests(StandInOpenMeteo.SEARCH))
          .as("geocoding on its own host")
          .isEmpty();
      assertThat(api.all())
          .as("Dakar asked for with the geocoded coordinates")
          .anyMatch(r -> "14.6937".equals(query(r).get("latitude"))
              && "-17.44406".equals(query(r).get("longitude")));
      assertThat(api.all())
          .as("the free API takes no key")
          .noneMatch(r -> query(r).containsKey("apikey"));
      assertThat(readAll(weatherTopic))
          .extracting(ConsumerRecord::key)
          .containsExactlyInAnyOrder("open-meteo:new-york", "open-meteo:tokyo", "open-meteo:dakar");
      assertThat(readAll(featuresTopic)).hasSize(3);
      assertThat(readAll(deadLetterTopic)).as("nothing unreadable").isEmpty();
    }
  }

  // -- 8. Tomorrow.io: exact features after a rate limit ------------------------------------------

  /** Distinctive, so that finding it anywhere in the output or the logs is no coincidence. */
  private static final String TOMORROW_KEY = "tmr-it-key-Q9vW3p";
  /** Sea-level pressure given: it wins over the surface one; no rain at all. */
  private static final Tomorrow DAKAR_TM = new Tomorrow(
      "dakar",
      "Dakar",
      14.6928,
      -17.4467,
      T0,
      24.1,
      25.3,
      66,
      1012.4,
      1011.2,
      5.2,
      335,
      7.9,
      12,
      0,
      1100,
      "mostly clear");
  /** Surface pressure only; rain as an intensity (mm/h) beside zero snow, sleet and freezing rain. */
  private static final Tomorrow ZIGUINCHOR_TM = new Tomorrow(
      "ziguinchor",
      "Ziguinchor",
      12.5681,
      -16.2719,
      Instant.parse("2025-04-15T15:29:00Z"),
      29.3,
      33.8,
      74,
      null,
      1008.6,
      1.4,
      225,
      3.1,
      85,
      1.25,
      4200,
      "light rain");

  @Test
  void tomorrowIoObservationsBecomeExactFeaturesAfterARateLimit() throws Exception {
    try (LocalHttpServer server = LocalHttpServer.start()) {
      StandInTomorrow api =
          new StandInTomorrow(server).serve(DAKAR_TM).serve(ZIGUINCHOR_TM).rateLimitFirstRequest(6);
      Map<String, String> flags = new HashMap<>(baseFlags());
      flags.putAll(Map.of(
          "weather.source", "tomorrow.io",
          "weather.api-key", TOMORROW_KEY,
          "weather.url", server.uri("/").toString(),
          "weather.locations", "Dakar@14.6928,-17.4467;Ziguinchor@12.5681,-16.2719",
          "weather.interval", "1s"));

      try (Pipeline pipeline =
          Pipeline.start(Settings.load(null, Map.of(), flags), null, captured.out)) {
        Map<String, WeatherFeatures> features = byLocation(awaitFeatures(2));

        assertThat(features).containsOnlyKeys("dakar", "ziguinchor");
        // Tomorrow.io gives no offset: Senegal is on UTC all year. The longitude's nautical zone
        // (round(lon / 15) h) would say UTC-1 for both.
        WeatherFeatures dakar = features.get("dakar");
        assertThat(dakar)
            .isEqualTo(expected(
                DAKAR_TM.observed(), "2025-04-15T15:30:00", "afternoon", 3, null, null, 1));
        assertThat(dakar.pressureHpa()).as("sea level, not surface").isEqualTo(1012.4);
        assertThat(dakar.humidexCategory()).isEqualTo("some discomfort");
        WeatherFeatures ziguinchor = features.get("ziguinchor");
        assertThat(ziguinchor)
            .isEqualTo(expected(
                ZIGUINCHOR_TM.observed(), "2025-04-15T15:29:00", "afternoon", 1, null, null, 1));
        assertThat(ziguinchor.precipitationMm()).isEqualTo(1.25);
        assertThat(ziguinchor.humidexCategory()).isEqualTo("great discomfort");
        assertThat(ziguinchor.windChillC()).as("above 10 °C").isNull();
      }

      List<RecordedRequest> requests = api.all();
      assertThat(requests)
          .extracting(r -> query(r).get("location"))
          .as("Dakar refused once, then both; the free tier's burst of 3 allows no fourth call yet")
          .containsExactly("14.6928,-17.4467", "14.6928,-17.4467", "12.5681,-16.2719");
      assertThat(Duration.ofNanos(api.requestNanos.get(1) - api.requestNanos.get(0)))
          .as("Retry-After: 6 was honoured (the rate-limit backoff alone waits at most 5 s)")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(6));
      assertThat(captured.logs()).anyMatch(line -> line.contains("tomorrow.io rate limit reached"));
      assertThat(readAll(deadLetterTopic)).as("nothing unreadable").isEmpty();
      assertKeyNeverShown(requests, "apikey", TOMORROW_KEY);
    }
  }

  // -- 9. Several sources at once: Tomorrow.io, a scraped page and the generator ------------------

  /**
   * A page in timeanddate's structure (our own values, no copy of theirs): the temperature in
   * {@code #qlook > div.h2}, wind and feels-like in the second paragraph, humidity, pressure and
   * the report time in the {@code .bk-focus__info} table. Broad selectors would also match the
   * "Upcoming 5 hours" row and yesterday's paragraph kept below.
   */
  private static String timeanddatePage(Instant observed, int celsius, int humidity, int hpa) {
    String report = DateTimeFormatter.ofPattern("d MMM yyyy, H:mm", Locale.ENGLISH)
        .withZone(ZoneOffset.UTC)
        .format(observed);
    return """
        <!DOCTYPE html><html><body><div id=bk-focus class=bk-focus>\
        <div id=qlook class=bk-focus__qlook><div class=h1>Now</div>\
        <img id=cur-weather class=mtt title="Sunny." src="//example.invalid/wt-1.svg">\
        <div class=h2>%d&nbsp;°C</div><p>Sunny.</p><br class=clear>\
        <p>Feels Like: %d&nbsp;°C<br>Wind: 18 km/h <span class="comp sa8" title="Wind blowing from\
         340° North-northwest to South-southeast">↑</span> from North-northwest</p></div>\
        <div class=bk-focus__info><table><tbody><tr><th>Location: </th><td>Dakar / Yoff</td></tr>\
        <tr><th>Latest Report: </th><td>%s.</td></tr><tr><th>Pressure: </th><td>%d mbar</td></tr>\
        <tr><th>Humidity: </th><td>%d%%</td></tr></tbody></table></div></div>\
        <table><tr class=h2><td>55 °C</td></tr></table>\
        <p>Yesterday's weather: Humidity: 5%%. Wind: 80 km/h from North</p></body></html>
        """.formatted(celsius, celsius + 2, report, hpa, humidity);
  }

  @Test
  void tomorrowIoAScrapedPageAndTheGeneratorRunAtOnceEachKeyedByItsSource() throws Exception {
    // Every source observes now: the job's watermark is global, so an old time from one source
    // would be late against the others' (see WeatherFeaturesTransforms.features).
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    Tomorrow dakarNow = new Tomorrow(
        "dakar",
        "Dakar",
        14.6928,
        -17.4467,
        now,
        24.1,
        25.3,
        66,
        1012.4,
        1011.2,
        5.2,
        335,
        7.9,
        12,
        0,
        1100,
        "mostly clear");
    try (LocalHttpServer server = LocalHttpServer.start()) {
      new StandInTomorrow(server).serve(dakarNow);
      server.respond(
          "/robots.txt",
          Response.status(200)
              .header("Content-Type", "text/plain")
              .body("User-agent: *\nDisallow: /private/\n"));
      server.respond(
          "/weather/senegal/dakar",
          Response.status(200)
              .header("Content-Type", "text/html; charset=utf-8")
              .body(timeanddatePage(now, 29, 61, 1011)));
      // Thiès's page changed its layout: no #qlook any more.
      server.respond(
          "/weather/senegal/thies",
          Response.status(200)
              .header("Content-Type", "text/html; charset=utf-8")
              .body("<html><body><div class=now><b>30 °C</b></div></body></html>"));
      Map<String, String> flags = new HashMap<>(baseFlags());
      flags.putAll(Map.of(
          "weather.sources", "tomorrow.io,scraper,generator",
          "weather.api-key", TOMORROW_KEY,
          "weather.tomorrow-io.url", server.uri("/").toString(),
          "weather.tomorrow-io.locations", "Dakar@14.6928,-17.4467",
          "weather.tomorrow-io.interval", "1s",
          "weather.scraper.recipe", "timeanddate",
          "weather.scraper.url", server.uri("/").toString(),
          "weather.scraper.locations", "Dakar,SN@14.6928,-17.4467;Thiès,SN@14.79,-16.93",
          "weather.scraper.rate-limit", "20/s",
          "weather.generator.locations", "Dakar@14.6928,-17.4467"));
      // Enabled knowingly here: the page is ours, served locally.
      flags.put("weather.scraper.recipes.timeanddate.enabled", "true");
      flags.put("weather.scraper.interval", "2s");
      flags.put("weather.generator.interval", "1s");

      try (Pipeline pipeline =
          Pipeline.start(Settings.load(null, Map.of(), flags), null, captured.out)) {
        Map<String, WeatherFeatures> first = new LinkedHashMap<>();
        awaitTrue("a feature of each source", () -> {
          for (ConsumerRecord<String, String> record : readAll(featuresTopic)) {
            first.putIfAbsent(record.key(), Json.read(record.value(), WeatherFeatures.class));
          }
          return first
              .keySet()
              .containsAll(
                  List.of("tomorrow.io:dakar", "scraper:timeanddate:dakar", "generator:dakar"));
        });
        awaitTrue(
            "the changed page's dead letter", () -> readAll(deadLetterTopic).size() >= 1);
        awaitTrue(
            "the status line of the three sources",
            () -> captured.output().contains("weather tomorrow.io: 1/1 ok; scraper:timeanddate:"));

        WeatherFeatures api = first.get("tomorrow.io:dakar");
        assertThat(api.temperatureC()).isEqualTo(24.1);
        assertThat(api.humidityPct()).isEqualTo(66.0);
        assertThat(api.observedAt()).isEqualTo(now);
        WeatherFeatures page = first.get("scraper:timeanddate:dakar");
        assertThat(page.source()).isEqualTo("scraper:timeanddate");
        assertThat(page.location()).isEqualTo("dakar");
        assertThat(page.temperatureC()).isEqualTo(29.0);
        assertThat(page.feelsLikeC()).isEqualTo(31.0);
        assertThat(page.humidityPct()).as("not yesterday's 5 %").isEqualTo(61.0);
        assertThat(page.pressureHpa()).isEqualTo(1011.0);
        assertThat(page.windSpeedMs()).isEqualTo(5.0);
        assertThat(page.windDirectionDeg()).isEqualTo(340.0);
        assertThat(page.observedAt()).isEqualTo(now);
        assertThat(page.localTime())
            .as("Dakar is UTC all year")
            .isEqualTo(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
                .withZone(ZoneOffset.UTC)
                .format(now));
        assertThat(first.get("generator:dakar").source()).isEqualTo("generator");
        // Each source's trend is its own: the page's first observation has nothing before it.
        assertThat(page.observations1h()).isEqualTo(1);
        assertThat(page.temperatureChange1h()).isNull();
      }

      ConsumerRecord<String, String> letter = readAll(deadLetterTopic).get(0);
      assertThat(new String(
              letter.headers().lastHeader(DeadLetterHeaders.REASON).value(),
              StandardCharsets.UTF_8))
          .contains("thies")
          .contains("selector '#qlook > div.h2' matched nothing (field temperature)");
      assertThat(letter.value()).contains("<b>30 °C</b>");
      List<RecordedRequest> robots = server.requests("/robots.txt");
      assertThat(robots).as("robots.txt read once, then cached").hasSize(1);
      assertThat(robots.get(0).header("User-Agent"))
          .startsWith("citypulse/")
          .endsWith("weather-scraper");
      assertKeyNeverShown(new StandInTomorrow(server).all(), "apikey", TOMORROW_KEY);
    }
  }

  // -- 10. The 14 regions from an XLSX file give the features of the API and reach PostgreSQL -----

  @Test
  void anXlsxOfTheFourteenRegionsGivesTheApisFeaturesAndIsStored() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
    List<WeatherLocation> regions = WeatherLocations.preset("senegal");
    PostgresServer database = PostgresServer.start(dir.resolve("postgres"));
    try (LocalHttpServer server = LocalHttpServer.start()) {
      StandInTomorrow api = new StandInTomorrow(server);
      for (int i = 0; i < regions.size(); i++) {
        WeatherLocation region = regions.get(i);
        api.serve(new Tomorrow(
            region.key(),
            region.name(),
            region.lat(),
            region.lon(),
            now,
            24 + 0.7 * i,
            25 + 0.8 * i,
            40 + 3 * i,
            1008 + 0.5 * i,
            1007.0,
            2.5 + 0.3 * i,
            20 * i,
            6.0,
            5 * i,
            i % 3 == 0 ? 0.5 : 0,
            1000,
            "clear"));
      }
      Map<String, String> flags = new HashMap<>(baseFlags());
      flags.putAll(Map.of(
          "weather.sources", "tomorrow.io",
          "weather.api-key", TOMORROW_KEY,
          "weather.tomorrow-io.url", server.uri("/").toString(),
          "weather.tomorrow-io.locations", "senegal",
          "weather.tomorrow-io.rate-limit", "50/s burst 14",
          "weather.tomorrow-io.interval", "1h",
          "storage.postgres.jdbc-url", database.jdbcUrl(),
          "storage.postgres.user", PostgresServer.USER,
          "storage.postgres.streams", "weather",
          "storage.postgres.trigger-interval", "300ms"));

      try (Pipeline pipeline =
          Pipeline.start(Settings.load(null, Map.of(), flags), null, captured.out)) {
        Map<String, WeatherFeatures> features = new LinkedHashMap<>();
        awaitTrue("the API's 14 features", () -> {
          readAll(featuresTopic)
              .forEach(
                  r -> features.putIfAbsent(r.key(), Json.read(r.value(), WeatherFeatures.class)));
          return features.size() == 14;
        });

        // The observations as they came from the API, written to a spreadsheet without their
        // source: the import names it.
        Path xlsx = dir.resolve("senegal.xlsx");
        try (RecordWriter writer =
            RecordWriter.open(FileFormat.XLSX, Files.newOutputStream(xlsx), WeatherRows.COLUMNS)) {
          for (ConsumerRecord<String, String> r : readAll(weatherTopic)) {
            Map<String, Object> row = new LinkedHashMap<>(
                WeatherRows.toRow(Json.read(r.value(), WeatherObservation.class)));
            row.put("source", null);
            writer.write(row);
          }
        }
        StringWriter out = new StringWriter();
        int exit = CitypulseCommand.execute(
            new String[] {
              "import",
              xlsx.toString(),
              "--source",
              "senegal-xlsx",
              "--topic",
              weatherTopic,
              "--bootstrap-servers",
              KAFKA.bootstrapServers(),
              "--quiet"
            },
            new PrintWriter(out, true),
            new PrintWriter(new StringWriter(), true));
        assertThat(exit).as(out.toString()).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("read 14, published 14, rejected 0, duplicates 0");

        awaitTrue("the file's 14 features", () -> {
          readAll(featuresTopic)
              .forEach(
                  r -> features.putIfAbsent(r.key(), Json.read(r.value(), WeatherFeatures.class)));
          return features.size() == 28;
        });
        for (WeatherLocation region : regions) {
          JsonNode fromApi = Json.MAPPER.valueToTree(features.get("tomorrow.io:" + region.key()));
          JsonNode fromFile = Json.MAPPER.valueToTree(features.get("senegal-xlsx:" + region.key()));
          ((ObjectNode) fromApi).remove("source");
          ((ObjectNode) fromFile).remove("source");
          assertThat(fromFile).as(region.key()).isEqualTo(fromApi);
        }
        awaitTrue(
            "both sources' 14 regions stored",
            () -> rows(
                    database,
                    "SELECT source || ' ' || count(*) FROM weather_current GROUP BY source ORDER BY 1")
                .equals(List.of("senegal-xlsx 14", "tomorrow.io 14")));
        assertThat(rows(
                database,
                "SELECT count(*) FROM weather_current a JOIN weather_current b USING (location)"
                    + " WHERE a.source = 'tomorrow.io' AND b.source = 'senegal-xlsx'"
                    + " AND a.temperature_c = b.temperature_c AND a.heat_index = b.heat_index"
                    + " AND a.observed_at = b.observed_at"))
            .containsExactly("14");
        assertThat(rows(database, "SELECT count(*) FROM weather_history")).containsExactly("28");
      }
    } finally {
      database.close();
    }
  }

  private static List<String> rows(PostgresServer database, String sql) {
    List<String> out = new ArrayList<>();
    try (java.sql.Connection c = java.sql.DriverManager.getConnection(
            database.jdbcUrl(), database.user(), database.password());
        java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs = st.executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1));
      }
    } catch (java.sql.SQLException e) {
      throw new AssertionError("query failed: " + sql, e);
    }
    return out;
  }

  // -- settings -----------------------------------------------------------------------------------

  private Map<String, String> baseFlags() {
    return Map.of(
        "kafka.bootstrap-servers",
        KAFKA.bootstrapServers(),
        "state-dir",
        dir.resolve("state").toString(),
        "gbfs.enabled",
        "false",
        "topics.weather.name",
        weatherTopic,
        "topics.weather-features.name",
        featuresTopic,
        "topics.dead-letters.name",
        deadLetterTopic,
        "spark.trigger-interval",
        "0s",
        "status.interval",
        "1s",
        "dashboard.enabled",
        "false");
  }

  private Map<String, String> owmFlags(LocalHttpServer owm, String locations, String interval) {
    Map<String, String> flags = new HashMap<>(baseFlags());
    flags.putAll(Map.of(
        "weather.source", "openweathermap",
        "weather.api-key", KEY,
        "weather.url", owm.uri("/").toString(),
        "weather.locations", locations,
        "weather.interval", interval));
    return flags;
  }

  private Settings owmSettings(LocalHttpServer owm, String locations, String interval) {
    return Settings.load(null, Map.of(), owmFlags(owm, locations, interval));
  }

  // -- the stand-in OpenWeatherMap ----------------------------------------------------------------

  /**
   * One answer of OpenWeatherMap's current weather ({@code /data/2.5/weather?units=metric}) for
   * a configured location (key, name, coordinates), in the API's own layout. The body's
   * coordinates are rounded as OpenWeatherMap rounds them: the configured ones must win.
   */
  private record Owm(
      String key,
      String city,
      String country,
      double lat,
      double lon,
      Instant dt,
      int timezone,
      double temp,
      double feelsLike,
      double humidity,
      double pressure,
      double wind,
      double deg,
      Double gust,
      double clouds,
      Double rain1h,
      String code,
      String description) {

    String body() {
      return """
          {"coord": {"lon": %s, "lat": %s},
           "weather": [{"id": %s, "main": "Weather", "description": "%s", "icon": "01d"}],
           "base": "stations",
           "main": {"temp": %s, "feels_like": %s, "temp_min": %s, "temp_max": %s, "pressure": %s,
                    "humidity": %s, "sea_level": %s, "grnd_level": 1001},
           "visibility": 10000,
           "wind": {"speed": %s, "deg": %s%s},
           %s"clouds": {"all": %s},
           "dt": %d,
           "sys": {"type": 2, "id": 2041230, "country": "%s", "sunrise": 1744694000, "sunset": 1744743000},
           "timezone": %d, "id": 2988507, "name": "%s", "cod": 200}
          """.formatted(
              plain(round2(lon)),
              plain(round2(lat)),
              code,
              description,
              plain(temp),
              plain(feelsLike),
              plain(temp - 1),
              plain(temp + 1),
              plain(pressure),
              plain(humidity),
              plain(pressure),
              plain(wind),
              plain(deg),
              gust == null ? "" : ", \"gust\": " + plain(gust),
              rain1h == null ? "" : "\"rain\": {\"1h\": " + plain(rain1h) + "},\n ",
              plain(clouds),
              dt.getEpochSecond(),
              country,
              timezone,
              city);
    }
  }

  private static String plain(double value) {
    return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
  }

  /**
   * Answers per latitude, as the API does per place; an unknown latitude gets OpenWeatherMap's
   * 404. A request without the key, or without {@code units=metric}, is refused with 401 / 400.
   */
  private static final class StandInOwm {
    private final LocalHttpServer server;
    private final Map<String, Response> byLatitude = new ConcurrentHashMap<>();
    private volatile CountDownLatch held;

    StandInOwm(LocalHttpServer server) {
      this.server = server;
      server.respondWith(OWM_PATH, this::answer);
    }

    StandInOwm serve(Owm observation) {
      byLatitude.put(plain(observation.lat()), Response.json(200, observation.body()));
      return this;
    }

    StandInOwm notFound(double lat) {
      byLatitude.put(
          plain(lat), Response.json(404, "{\"cod\":\"404\",\"message\":\"city not found\"}"));
      return this;
    }

    /** From now on every request waits for its answer until the returned latch is counted down. */
    CountDownLatch hold() {
      CountDownLatch release = new CountDownLatch(1);
      held = release;
      return release;
    }

    private Response answer(RecordedRequest request) {
      CountDownLatch release = held;
      if (release != null) {
        try {
          release.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // the server is closing
          return Response.status(503);
        }
      }
      Map<String, String> query = query(request);
      if (!KEY.equals(query.get("appid"))) {
        return Response.json(401, "{\"cod\":401, \"message\": \"Invalid API key.\"}");
      }
      if (!"metric".equals(query.get("units"))) {
        return Response.json(
            400, "{\"cod\":\"400\",\"message\":\"this stand-in answers in metric only\"}");
      }
      return byLatitude.getOrDefault(
          query.get("lat"), Response.json(404, "{\"cod\":\"404\",\"message\":\"city not found\"}"));
    }

    /** Requests for one latitude so far. */
    int requests(String lat) {
      return (int) server.requests(OWM_PATH).stream()
          .filter(r -> lat.equals(query(r).get("lat")))
          .count();
    }

    /** The latitudes requested after the first request for {@code lat}. */
    List<String> latsAfterFirst(String lat) {
      List<String> lats =
          server.requests(OWM_PATH).stream().map(r -> query(r).get("lat")).toList();
      int first = lats.indexOf(lat);
      return first < 0 ? List.of() : lats.subList(first + 1, lats.size());
    }

    List<RecordedRequest> all() {
      return server.requests(OWM_PATH);
    }
  }

  /** A request's query parameters, decoded. */
  private static Map<String, String> query(RecordedRequest request) {
    Map<String, String> params = new HashMap<>();
    for (String pair : request.query().split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        params.put(
            pair.substring(0, eq),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return params;
  }

  // -- the stand-in Open-Meteo --------------------------------------------------------------------

  /**
   * One answer of Open-Meteo's {@code /v1/forecast?current=...&wind_speed_unit=ms&timezone=auto}
   * for a location (key, name, country and coordinates as configured or geocoded), in the API's
   * own layout: {@code current.time} is the local wall time, {@code utc_offset_seconds} its offset.
   * The body's coordinates are those of the model's grid cell (one decimal here): the location's
   * own must win.
   */
  private record Meteo(
      String key,
      String city,
      String country,
      double lat,
      double lon,
      String localTime,
      int offsetSeconds,
      double temp,
      double apparent,
      double humidity,
      double pressure,
      double wind,
      double deg,
      double gust,
      double clouds,
      double precipitation,
      int code,
      String description) {

    String body() {
      String zone = offsetSeconds == 0
          ? "GMT"
          : "GMT" + (offsetSeconds > 0 ? "+" : "-") + Math.abs(offsetSeconds) / 3600;
      return """
          {"latitude": %s, "longitude": %s, "generationtime_ms": 0.0629425048828125,
           "utc_offset_seconds": %d, "timezone": "%s", "timezone_abbreviation": "%s", "elevation": 12.0,
           "current_units": {"time": "iso8601", "interval": "seconds", "temperature_2m": "°C",
             "relative_humidity_2m": "%%", "apparent_temperature": "°C", "precipitation": "mm",
             "weather_code": "wmo code", "cloud_cover": "%%", "pressure_msl": "hPa",
             "wind_speed_10m": "m/s", "wind_direction_10m": "°", "wind_gusts_10m": "m/s"},
           "current": {"time": "%s", "interval": 900, "temperature_2m": %s, "relative_humidity_2m": %s,
             "apparent_temperature": %s, "precipitation": %s, "weather_code": %d, "cloud_cover": %s,
             "pressure_msl": %s, "wind_speed_10m": %s, "wind_direction_10m": %s, "wind_gusts_10m": %s}}
          """.formatted(
              plain(round1(lat)),
              plain(round1(lon)),
              offsetSeconds,
              zone,
              zone,
              localTime,
              plain(temp),
              plain(humidity),
              plain(apparent),
              plain(precipitation),
              code,
              plain(clouds),
              plain(pressure),
              plain(wind),
              plain(deg),
              plain(gust));
    }

    /** @param at {@link #localTime} at {@link #offsetSeconds}, worked out by hand */
    Observed observed(Instant at) {
      return new Observed(
          key,
          city,
          country,
          lat,
          lon,
          at,
          offsetSeconds,
          "open-meteo",
          temp,
          apparent,
          humidity,
          pressure,
          wind,
          deg,
          gust,
          clouds,
          precipitation,
          String.valueOf(code),
          description);
    }
  }

  private static double round1(double value) {
    return BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).doubleValue();
  }

  /**
   * Open-Meteo's forecast API on one server, answering per {@code latitude,longitude}, and its
   * geocoding API on another. A forecast request without {@code wind_speed_unit=ms},
   * {@code timezone=auto} or any of the variables the bodies carry gets Open-Meteo's 400 error
   * body; an unknown name gets a search answer without {@code results}, as the API does.
   */
  private static final class StandInOpenMeteo {
    static final String FORECAST = "/v1/forecast";
    static final String SEARCH = "/v1/search";
    private static final Set<String> VARIABLES = Set.of(
        "temperature_2m",
        "relative_humidity_2m",
        "apparent_temperature",
        "precipitation",
        "weather_code",
        "cloud_cover",
        "pressure_msl",
        "wind_speed_10m",
        "wind_direction_10m",
        "wind_gusts_10m");

    private final LocalHttpServer forecast;
    private final Map<String, Response> byCoordinates = new ConcurrentHashMap<>();
    private final Map<String, Response> byName = new ConcurrentHashMap<>();

    StandInOpenMeteo(LocalHttpServer forecast, LocalHttpServer geocoding) {
      this.forecast = forecast;
      forecast.respondWith(FORECAST, this::forecast);
      geocoding.respondWith(
          SEARCH,
          request -> byName.getOrDefault(
              query(request).get("name"), Response.json(200, "{\"generationtime_ms\": 0.41}")));
    }

    StandInOpenMeteo serve(Meteo answer) {
      byCoordinates.put(
          plain(answer.lat()) + "," + plain(answer.lon()), Response.json(200, answer.body()));
      return this;
    }

    StandInOpenMeteo place(String name, double lat, double lon, String countryCode) {
      byName.put(
          name, Response.json(200, """
          {"results": [{"id": 2253354, "name": "%s", "latitude": %s, "longitude": %s, "elevation": 24.0,
            "feature_code": "PPLC", "country_code": "%s", "timezone": "Africa/Dakar",
            "population": 2476400, "country": "Senegal", "admin1": "Dakar"}],
           "generationtime_ms": 0.62}
          """.formatted(name, plain(lat), plain(lon), countryCode)));
      return this;
    }

    private Response forecast(RecordedRequest request) {
      Map<String, String> query = query(request);
      Set<String> asked = Set.of(query.getOrDefault("current", "").split(","));
      if (!"ms".equals(query.get("wind_speed_unit"))
          || !"auto".equals(query.get("timezone"))
          || !asked.containsAll(VARIABLES)) {
        return Response.json(
            400,
            "{\"error\": true, \"reason\": \"this stand-in answers current="
                + String.join(",", VARIABLES)
                + " with wind_speed_unit=ms and timezone=auto only\"}");
      }
      return byCoordinates.getOrDefault(
          query.get("latitude") + "," + query.get("longitude"),
          Response.json(400, "{\"error\": true, \"reason\": \"no data for these coordinates\"}"));
    }

    /** Forecast requests for one latitude so far. */
    int forecasts(String lat) {
      return (int)
          all().stream().filter(r -> lat.equals(query(r).get("latitude"))).count();
    }

    List<RecordedRequest> all() {
      return forecast.requests(FORECAST);
    }
  }

  // -- the stand-in Tomorrow.io -------------------------------------------------------------------

  private static final String TOMORROW_PATH = "/v4/weather/realtime";

  /**
   * One answer of Tomorrow.io's {@code /v4/weather/realtime?units=metric} for a configured
   * location, in the API's own layout: UTC time, no offset, the resolved place's coordinates as
   * floats (the configured ones must win). Precipitation comes as intensities only, as in the
   * API's realtime answers; {@code pressureSeaLevel} only when not null.
   */
  private record Tomorrow(
      String key,
      String city,
      double lat,
      double lon,
      Instant time,
      double temp,
      double apparent,
      double humidity,
      Double pressureSeaLevel,
      double pressureSurface,
      double wind,
      double deg,
      double gust,
      double clouds,
      double rainIntensity,
      int code,
      String description) {

    String body() {
      return """
          {"data": {"time": "%s", "values": {"cloudBase": null, "cloudCeiling": null, "cloudCover": %s,
             "dewPoint": 17.1, "freezingRainIntensity": 0, "humidity": %s, "precipitationProbability": 5,
             %s"pressureSurfaceLevel": %s, "rainIntensity": %s, "sleetIntensity": 0, "snowIntensity": 0,
             "temperature": %s, "temperatureApparent": %s, "uvHealthConcern": 2, "uvIndex": 6,
             "visibility": 16, "weatherCode": %d, "windDirection": %s, "windGust": %s, "windSpeed": %s}},
           "location": {"lat": %s, "lon": %s, "name": "%s, Sénégal", "type": "administrative"}}
          """.formatted(
          time,
          plain(clouds),
          plain(humidity),
          pressureSeaLevel == null ? "" : "\"pressureSeaLevel\": " + plain(pressureSeaLevel) + ", ",
          plain(pressureSurface),
          plain(rainIntensity),
          plain(temp),
          plain(apparent),
          code,
          plain(deg),
          plain(gust),
          plain(wind),
          (double) (float) lat,
          (double) (float) lon,
          city);
    }

    /**
     * No country in the spec; UTC all year in Senegal. Pressure at sea level when given, else at
     * the surface; precipitation one hour at the summed intensities (only rain here).
     */
    Observed observed() {
      return new Observed(
          key,
          city,
          null,
          lat,
          lon,
          time,
          0,
          "tomorrow.io",
          temp,
          apparent,
          humidity,
          pressureSeaLevel != null ? pressureSeaLevel : pressureSurface,
          wind,
          deg,
          gust,
          clouds,
          rainIntensity,
          String.valueOf(code),
          description);
    }
  }

  /**
   * Answers per {@code location=lat,lon}; a request without the key gets Tomorrow.io's 401 body,
   * one without {@code units=metric} or for an unknown place its 400 body.
   */
  private static final class StandInTomorrow {
    private final LocalHttpServer server;
    private final Map<String, Response> byLocation = new ConcurrentHashMap<>();
    private final AtomicReference<Response> first = new AtomicReference<>();
    final List<Long> requestNanos = new CopyOnWriteArrayList<>();

    StandInTomorrow(LocalHttpServer server) {
      this.server = server;
      server.respondWith(TOMORROW_PATH, this::answer);
    }

    StandInTomorrow serve(Tomorrow answer) {
      byLocation.put(
          plain(answer.lat()) + "," + plain(answer.lon()), Response.json(200, answer.body()));
      return this;
    }

    /** The first request, whatever it asks, gets Tomorrow.io's 429 body with this Retry-After. */
    StandInTomorrow rateLimitFirstRequest(int retryAfterSeconds) {
      first.set(Response.json(
              429,
              "{\"code\": 429001, \"type\": \"Too Many Calls\", \"message\": \"The"
                  + " request limit for this resource has been reached for the current rate limit window. Wait"
                  + " and retry the operation, or examine your API request volume.\"}")
          .header("Retry-After", String.valueOf(retryAfterSeconds)));
      return this;
    }

    private Response answer(RecordedRequest request) {
      requestNanos.add(System.nanoTime());
      Map<String, String> query = query(request);
      if (!TOMORROW_KEY.equals(query.get("apikey"))) {
        return Response.json(
            401,
            "{\"code\": 401001, \"type\": \"Invalid Auth\", \"message\": \"The method"
                + " requires authentication but it was not presented or is invalid.\"}");
      }
      Response limited = first.getAndSet(null);
      if (limited != null) {
        return limited;
      }
      if (!"metric".equals(query.get("units"))) {
        return Response.json(
            400,
            "{\"code\": 400001, \"type\": \"Invalid Query Parameters\", \"message\":"
                + " \"this stand-in answers in metric units only\"}");
      }
      return byLocation.getOrDefault(
          query.get("location"),
          Response.json(
              400,
              "{\"code\": 400001, \"type\":"
                  + " \"Invalid Query Parameters\", \"message\": \"The entries provided as query parameters were not"
                  + " valid for the request.\"}"));
    }

    List<RecordedRequest> all() {
      return server.requests(TOMORROW_PATH);
    }
  }

  // -- the expected records, recomputed from the definitions --------------------------------------

  /**
   * The record the job must emit for an answer: the answer's fields, the configured location's
   * key, name and coordinates, and every derived value computed here. Local time, time of day
   * and Beaufort force are given by hand.
   */
  private static WeatherFeatures expected(
      Owm o,
      String localTime,
      String timeOfDay,
      int beaufort,
      Double temperatureChange,
      Double pressureChange,
      int observations) {
    return expected(
        new Observed(
            o.key(),
            o.city(),
            o.country(),
            o.lat(),
            o.lon(),
            o.dt(),
            o.timezone(),
            "openweathermap",
            o.temp(),
            o.feelsLike(),
            o.humidity(),
            o.pressure(),
            o.wind(),
            o.deg(),
            o.gust(),
            o.clouds(),
            o.rain1h() == null ? 0.0 : o.rain1h(),
            o.code(),
            o.description()),
        localTime,
        timeOfDay,
        beaufort,
        temperatureChange,
        pressureChange,
        observations);
  }

  /**
   * What the job must carry over from one observation of any source, in the record's own units
   * (°C, %, hPa, m/s, mm), with the configured (or geocoded) location's key, name and coordinates.
   */
  private record Observed(
      String key,
      String city,
      String country,
      double lat,
      double lon,
      Instant at,
      int offsetSeconds,
      String source,
      double temp,
      double feelsLike,
      double humidity,
      double pressure,
      double wind,
      double deg,
      Double gust,
      double clouds,
      double precipitation,
      String code,
      String description) {}

  /** Like {@link #expected(Owm, String, String, int, Double, Double, int)}, for any source. */
  private static WeatherFeatures expected(
      Observed o,
      String localTime,
      String timeOfDay,
      int beaufort,
      Double temperatureChange,
      Double pressureChange,
      int observations) {
    double humidex = humidex(o.temp(), o.humidity());
    return new WeatherFeatures(
        o.key(),
        o.city(),
        o.country(),
        o.lat(),
        o.lon(),
        o.at(),
        localTime,
        o.offsetSeconds(),
        timeOfDay,
        o.source(),
        o.temp(),
        o.feelsLike(),
        o.humidity(),
        o.pressure(),
        o.wind(),
        o.deg(),
        o.gust(),
        o.clouds(),
        o.precipitation(),
        o.code(),
        o.description(),
        round2(humidex),
        round2(o.wind() * 0.5 + (1015 - o.pressure()) * 0.3 + o.humidity() * 0.2),
        round2(dewPoint(o.temp(), o.humidity())),
        category(humidex),
        windChill(o.temp(), o.wind()),
        beaufort,
        temperatureChange,
        pressureChange,
        observations);
  }

  /** Humidex (Masterton & Richardson): T + 0.5555 (e − 10), e = 6.11 × 10^(7.5 T / (237.7 + T)) × RH / 100. */
  private static double humidex(double t, double rh) {
    double vapourPressure = 6.11 * Math.pow(10, 7.5 * t / (237.7 + t)) * rh / 100;
    return t + 0.5555 * (vapourPressure - 10);
  }

  /** Magnus (Alduchov & Eskridge): γ = ln(RH/100) + a T / (b + T), Td = b γ / (a − γ). */
  private static double dewPoint(double t, double rh) {
    double gamma = Math.log(rh / 100) + 17.625 * t / (243.04 + t);
    return 243.04 * gamma / (17.625 - gamma);
  }

  /** Environment Canada's wind chill, for T ≤ 10 °C and V > 4.8 km/h only. */
  private static Double windChill(double t, double windMs) {
    double kmh = windMs * 3.6;
    if (t > 10 || kmh <= 4.8) {
      return null;
    }
    double v = Math.pow(kmh, 0.16);
    return round2(13.12 + 0.6215 * t - 11.37 * v + 0.3965 * t * v);
  }

  /** Environment Canada's bands, on the humidex rounded to a whole number. */
  private static String category(double humidex) {
    long reported = Math.round(humidex);
    return reported < 30
        ? "little or no discomfort"
        : reported < 40 ? "some discomfort" : reported <= 45 ? "great discomfort" : "dangerous";
  }

  /** WMO Beaufort table, lower bounds of forces 1-12 in m/s. */
  private static int beaufort(double windMs) {
    double[] lowerBounds = {0.3, 1.6, 3.4, 5.5, 8.0, 10.8, 13.9, 17.2, 20.8, 24.5, 28.5, 32.7};
    int force = 0;
    while (force < lowerBounds.length && windMs >= lowerBounds[force]) {
      force++;
    }
    return force;
  }

  private static String timeOfDay(int hour) {
    return hour < 6 ? "night" : hour < 12 ? "morning" : hour < 18 ? "afternoon" : "evening";
  }

  /** Half away from zero on the decimal value, as the output is rounded. */
  private static Double round2(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).doubleValue();
  }

  // -- reading and waiting ------------------------------------------------------------------------

  /** The feature records, in topic order, once there are at least {@code count}. */
  private List<WeatherFeatures> awaitFeatures(int count) {
    List<WeatherFeatures> features = new ArrayList<>();
    for (ConsumerRecord<String, String> record : KAFKA.consume(featuresTopic, count, WAIT)) {
      WeatherFeatures f = Json.read(record.value(), WeatherFeatures.class);
      assertThat(record.key())
          .as("key = source:location")
          .isEqualTo(f.source() + ":" + f.location());
      features.add(f);
    }
    return features;
  }

  private static Map<String, WeatherFeatures> byLocation(List<WeatherFeatures> features) {
    Map<String, WeatherFeatures> out = new LinkedHashMap<>();
    for (WeatherFeatures f : features) {
      assertThat(out.put(f.location(), f))
          .as("one record per location: " + f.location())
          .isNull();
    }
    return out;
  }

  /** Every record of {@code topic} now, up to its end offsets. */
  private static List<ConsumerRecord<String, String>> readAll(String topic) {
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<String, String>> records = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end " + ends);
        }
        consumer.poll(Duration.ofMillis(100)).forEach(records::add);
      }
    }
    return records;
  }

  private void awaitTrue(String what, BooleanSupplier condition) {
    await(what)
        .atMost(WAIT)
        .pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100))
        .pollInSameThread()
        .untilAsserted(() -> assertThat(condition.getAsBoolean())
            .as(() -> "timed out waiting for " + what + "; pipeline output:\n" + captured.output())
            .isTrue());
  }

  /** The key reached the API (else this check proves nothing) and nothing else. */
  private void assertKeyNeverShown(StandInOwm api) {
    assertKeyNeverShown(api.all(), "appid", KEY);
  }

  /** {@code key} reached the API as query parameter {@code parameter}, and nothing else. */
  private void assertKeyNeverShown(List<RecordedRequest> requests, String parameter, String key) {
    assertThat(requests)
        .as("the key was sent to the API")
        .anyMatch(r -> r.query().contains(parameter + "=" + key));
    assertThat(captured.output()).as("pipeline output").isNotEmpty().doesNotContain(key);
    assertThat(captured.logs()).as("log lines").isNotEmpty().noneMatch(line -> line.contains(key));
    for (String topic : List.of(weatherTopic, featuresTopic, deadLetterTopic)) {
      assertThat(readAll(topic))
          .as(topic)
          .noneMatch(r -> String.valueOf(r.value()).contains(key));
    }
  }

  // -- the bike feed of test 2 --------------------------------------------------------------------

  private static void serveVelib(LocalHttpServer feed) {
    feed.respond("/gbfs.json", Response.json(200, """
        {"lastUpdatedOther": 1760778556, "ttl": 3600, "data": {"en": {"feeds": [
          {"name": "station_information", "url": "%s"},
          {"name": "station_status", "url": "%s"}]}}}
        """.formatted(
            feed.uri("/station_information.json"), feed.uri("/station_status.json"))));
    feed.respond("/station_information.json", Response.json(200, """
        {"lastUpdatedOther": 1760778679, "ttl": 3600, "data": {"stations": [
          {"station_id": 213688169, "stationCode": "16107", "name": "Benjamin Godard - Victor Hugo",
           "lat": 48.865983, "lon": 2.275725, "capacity": 35, "station_opening_hours": null}]}}
        """));
    feed.respond("/station_status.json", Response.json(200, """
        {"lastUpdatedOther": 1760778556, "ttl": 1, "data": {"stations": [
          {"station_id": 213688169, "num_bikes_available": 5, "numBikesAvailable": 5,
           "num_bikes_available_types": [{"mechanical": 2}, {"ebike": 3}],
           "num_docks_available": 30, "numDocksAvailable": 30, "is_installed": 1,
           "is_returning": 1, "is_renting": 1, "last_reported": 1760778000,
           "stationCode": "16107", "station_opening_hours": null}]}}
        """));
  }

  // -- capture ------------------------------------------------------------------------------------

  /**
   * The pipeline's own output (status lines, start and stop messages), echoed to the test's
   * standard output, and every log event that reaches the console (any logger, its configured
   * level), kept while the test runs.
   */
  private static final class Captured implements AutoCloseable {
    private final StringBuilder text = new StringBuilder();
    final PrintWriter out = new PrintWriter(
        new Writer() {
          @Override
          public void write(char[] chars, int offset, int length) {
            String s = new String(chars, offset, length);
            synchronized (text) {
              text.append(s);
            }
            System.out.print(s);
          }

          @Override
          public void flush() {
            System.out.flush();
          }

          @Override
          public void close() {}
        },
        true);
    private final LogCapture logCapture = LogCapture.root();

    String output() {
      synchronized (text) {
        return text.toString();
      }
    }

    List<String> logs() {
      return logCapture.lines();
    }

    @Override
    public void close() {
      logCapture.close();
    }
  }
}
