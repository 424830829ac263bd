package io.citypulse.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.dashboard.health.FeedHealth;
import io.citypulse.dashboard.health.FeedStatus;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeLocation.Source;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.GbfsPoller;
import io.citypulse.sources.poll.GbfsSettings;
import io.citypulse.sources.poll.PollerStatus;
import io.citypulse.sources.poll.SystemReport;
import io.citypulse.sources.poll.SystemsSummary;
import io.citypulse.sources.postcode.PostcodeResolution;
import io.citypulse.sources.postcode.PostcodeResolution.GeocoderState;
import io.citypulse.sources.postcode.UnknownReason;
import io.citypulse.sources.weather.WeatherLocationStatus;
import io.citypulse.sources.weather.WeatherPoller;
import io.citypulse.sources.weather.WeatherPollerStatus;
import io.citypulse.testkit.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class PipelineHealthTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final GbfsSettings VELIB =
      GbfsSettings.defaults(URI.create("http://127.0.0.1:1/gbfs.json"), "velib");

  private final Counters counters = new Counters();
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final PipelineHealth health = new PipelineHealth(
      counters, registry, new JobMeters(registry, new RunningJobs()), new MutableClock(NOW));

  @Test
  void gbfsRowTakesTheFeedsOwnTimeAndTheTtlAsPolled() {
    counters.add(GbfsPoller.POLLS, 12);
    counters.add(GbfsPoller.POLLS_FAILED, 2);
    counters.add(GbfsPoller.DEAD_LETTERS, 1);
    PollerStatus status = new PollerStatus(
        true,
        URI.create("http://x/station_status.json"),
        "1.0",
        NOW.minusSeconds(10),
        NOW.minusSeconds(300),
        "HTTP 503 from http://x/station_status.json",
        1482,
        1482,
        NOW.plusSeconds(50),
        NOW.minusSeconds(70),
        3600);
    health.addGbfs(VELIB, () -> status, () -> PostcodeResolution.NONE);

    FeedHealth row = health.feeds().get(0);

    assertThat(row.feed()).isEqualTo("gbfs velib");
    assertThat(row.status()).isEqualTo(FeedStatus.OK);
    assertThat(row.detail()).isEqualTo("1,482 stations, GBFS 1.0");
    assertThat(row.dataAgeSeconds()).isEqualTo(70);
    assertThat(row.ttlSeconds())
        .as("Vélib's ttl 3600 as the poller applies it: max interval")
        .isEqualTo(VELIB.statusInterval(3600).toSeconds());
    assertThat(row.polls()).isEqualTo(12);
    assertThat(row.errors()).isEqualTo(2);
    assertThat(row.deadLetters()).isEqualTo(1);
    assertThat(row.lastError()).contains("HTTP 503");
  }

  @Test
  void theGbfsRowAndTheGaugesShowWhereTheStationsPostcodesStandNow() {
    PollerStatus status = new PollerStatus(
        true,
        URI.create("http://x/station_status.json"),
        "1.0",
        NOW.minusSeconds(10),
        null,
        null,
        100,
        100,
        NOW.plusSeconds(50),
        NOW.minusSeconds(5),
        60);
    AtomicReference<PostcodeResolution> postcodes = new AtomicReference<>(new PostcodeResolution(
        12,
        Map.of(Source.TABLE, 4),
        Map.of(UnknownReason.GEOCODER_UNREACHABLE, 80, UnknownReason.NO_ADDRESS, 4),
        GeocoderState.OPEN,
        NOW.plusSeconds(25)));
    health.addGbfs(VELIB, () -> status, postcodes::get);

    assertThat(Json.writeString(health.feeds().get(0))).endsWith("""
        "postcodes":{"pending":12,"resolved":4,"unknown":84,"resolved_by_source":{"table":4},\
        "unknown_by_reason":{"geocoder_unreachable":80,"no_address":4},"geocoder":"open",\
        "geocoder_retry_at":"2026-11-24T10:00:25Z"}}""");
    assertThat(registry.scrape())
        .contains(
            "citypulse_postcode_stations{reason=\"waiting_for_geocoder\",state=\"pending\"} 12.0",
            "citypulse_postcode_stations{reason=\"table\",state=\"resolved\"} 4.0",
            "citypulse_postcode_stations{reason=\"geocoder\",state=\"resolved\"} 0.0",
            "citypulse_postcode_stations{reason=\"geocoder_unreachable\",state=\"unknown\"} 80.0",
            "citypulse_postcode_stations{reason=\"no_address\",state=\"unknown\"} 4.0",
            "citypulse_postcode_stations{reason=\"not_in_table\",state=\"unknown\"} 0.0");

    // Gauges read the snapshot at each scrape: the geocoder answered, the stations moved.
    postcodes.set(new PostcodeResolution(
        0,
        Map.of(Source.TABLE, 4, Source.GEOCODER, 96),
        Map.of(UnknownReason.NO_ADDRESS, 4),
        GeocoderState.OK,
        null));
    assertThat(registry.scrape())
        .contains(
            "citypulse_postcode_stations{reason=\"geocoder\",state=\"resolved\"} 96.0",
            "citypulse_postcode_stations{reason=\"geocoder_unreachable\",state=\"unknown\"} 0.0");
    assertThat(health.feeds().get(0).postcodes().unknownByReason())
        .containsExactly(Map.entry("no_address", 4));
  }

  @Test
  void aWeatherLocationFailingMakesTheFeedFailingAndNamesIt() {
    WeatherPollerStatus status = new WeatherPollerStatus(
        "open-meteo",
        "open-meteo",
        true,
        null,
        null,
        null,
        null,
        List.of(
            new WeatherLocationStatus(
                "paris",
                NOW.minusSeconds(30),
                NOW.minusSeconds(400),
                NOW.minusSeconds(400),
                null,
                null,
                0,
                null,
                NOW.plusSeconds(570)),
            new WeatherLocationStatus(
                "dakar",
                NOW.minusSeconds(700),
                NOW.minusSeconds(900),
                NOW.minusSeconds(900),
                NOW.minusSeconds(20),
                "HTTP 500",
                2,
                null,
                NOW.plusSeconds(10))));
    health.addWeather(Duration.ofMinutes(10), () -> status, counters);

    FeedHealth row = health.feeds().get(0);

    assertThat(row.feed()).isEqualTo("weather open-meteo");
    assertThat(row.status()).isEqualTo(FeedStatus.FAILING);
    assertThat(row.detail()).isEqualTo("1/2 locations ok, 1 failing");
    assertThat(row.lastSuccess()).isEqualTo(NOW.minusSeconds(30));
    assertThat(row.dataAgeSeconds())
        .as("the newest observation of any location")
        .isEqualTo(400);
    assertThat(row.lastError()).isEqualTo("dakar: HTTP 500");
    assertThat(row.ttlSeconds()).isEqualTo(600);
  }

  @Test
  void aStoppedWeatherSourceIsStopped() {
    WeatherPollerStatus status = new WeatherPollerStatus(
        "openweathermap",
        "openweathermap",
        true,
        "the API key was refused (HTTP 401)",
        null,
        NOW,
        "HTTP 401",
        List.of());
    health.addWeather(Duration.ofMinutes(10), () -> status, counters);

    FeedHealth row = health.feeds().get(0);

    assertThat(row.status()).isEqualTo(FeedStatus.STOPPED);
    assertThat(row.detail()).isEqualTo("stopped: the API key was refused (HTTP 401)");
  }

  @Test
  void metricsCarryTheNamedCountersAndEveryCounterSeenBeforeTheScrape() {
    counters.add(GbfsPoller.POLLS_OK, 5);
    counters.add(WeatherPoller.DEAD_LETTERS, 2);
    counters.increment("polls.failed.timeout");

    health.beforeScrape();
    String scrape = registry.scrape();

    assertThat(scrape)
        .contains(
            "citypulse_polls_total{feed=\"gbfs\",outcome=\"ok\"} 5.0",
            "citypulse_dead_letters_total{feed=\"weather\"} 2.0",
            "citypulse_source_events_total{event=\"polls.failed.timeout\"} 1.0");
    health.beforeScrape(); // registering twice must not fail
  }

  @Test
  void aCatalogueWideRunHasOneRowForAllSystemsAndOneForEachFailingOne() {
    counters.add(GbfsPoller.POLLS, 40);
    counters.add(GbfsPoller.POLLS_FAILED, 4);
    List<SystemReport> reports = List.of(
        systemReport("ok", SystemReport.State.OK, null, 0),
        systemReport("down", SystemReport.State.FAILING, "station_status: HTTP 500", 4),
        systemReport("scooters", SystemReport.State.SKIPPED, "free-floating", 0));

    List<FeedHealth> rows = PipelineHealth.systemsReadings(
            SystemsSummary.of(reports, 5), 2, Duration.ofSeconds(60), counters, null)
        .stream()
        .map(reading -> reading.at(NOW))
        .toList();

    assertThat(rows).hasSize(2);
    FeedHealth all = rows.get(0);
    assertThat(all.feed()).isEqualTo("gbfs 3 systems");
    assertThat(all.detail())
        .isEqualTo("1/3 systems ok, 1 failing, 1 without stations, 0 waiting; 2 skipped"
            + " (credentials); 30 stations");
    assertThat(all.status())
        .as("one system failing is not the run failing")
        .isEqualTo(FeedStatus.OK);
    assertThat(all.lastError()).isEqualTo("down: station_status: HTTP 500");
    assertThat(all.polls()).isEqualTo(40);
    FeedHealth down = rows.get(1);
    assertThat(down.feed()).isEqualTo("gbfs down");
    assertThat(down.status()).isEqualTo(FeedStatus.FAILING);
    assertThat(down.detail()).isEqualTo("4 failed polls in a row");
    assertThat(down.lastError()).isEqualTo("station_status: HTTP 500");
  }

  private static SystemReport systemReport(
      String id, SystemReport.State state, String reason, int inARow) {
    return new SystemReport(
        id, state, reason, inARow, Duration.ofMillis(100), 10, 10, 5, inARow, NOW.minusSeconds(5));
  }
}
