package io.citypulse.sources.weather;

import static io.citypulse.sources.weather.WeatherHttpFixture.param;
import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.Json;
import io.citypulse.model.Topics;
import io.citypulse.model.WeatherObservation;
import io.citypulse.sources.http.Backoff;
import io.citypulse.sources.http.FeedClient;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.DeadLetterSink;
import io.citypulse.sources.publish.DeadLetterPublisher;
import io.citypulse.sources.publish.ProducerSettings;
import io.citypulse.testkit.EmbeddedKafka;
import io.citypulse.testkit.LocalHttpServer;
import io.citypulse.testkit.MutableClock;
import io.citypulse.testkit.RecordedRequest;
import io.citypulse.testkit.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Poller + publisher: an imitation of OpenWeatherMap for three cities to the weather topic. */
class WeatherIngestIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final String KEY = "it-key-0123456789";
  private static final Instant DT = Instant.parse("2025-10-18T10:00:00Z");
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final LocalHttpServer server = LocalHttpServer.start();
  private final MutableClock clock = new MutableClock(DT.plusSeconds(125));
  private final Counters counters = new Counters();
  /** The `dt` each city's imitation currently answers with, by latitude prefix. */
  private final Map<String, Instant> observedAt =
      new ConcurrentHashMap<>(Map.of("48.", DT, "51.", DT, "35.", DT));

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** An OpenWeatherMap metric body for the city at the request's latitude. */
  private Response openWeatherMap(RecordedRequest request) {
    String lat = param(request.query(), "lat");
    String city = lat.substring(0, 3);
    double temperature = switch (city) {
      case "48." -> 14.2;
      case "51." -> 12.8;
      default -> 19.6;
    };
    return Response.json(200, """
        {"coord":{"lon":%s,"lat":%s},"weather":[{"id":803,"main":"Clouds","description":"broken clouds","icon":"04d"}],
         "main":{"temp":%s,"feels_like":%s,"pressure":1017,"humidity":66},"wind":{"speed":3.6,"deg":250,"gust":6.2},
         "clouds":{"all":68},"dt":%d,"sys":{"country":"XX"},"timezone":%d,"name":"imitation","cod":200}
        """.formatted(
            param(request.query(), "lon"),
            lat,
            temperature,
            temperature - 1,
            observedAt.get(city).getEpochSecond(),
            city.equals("35.") ? 32400 : city.equals("48.") ? 7200 : 3600));
  }

  private static WeatherObservation expected(
      WeatherLocation city, Instant dt, int offset, double temperature, Instant fetchedAt) {
    return new WeatherObservation(
        city.key(),
        city.name(),
        city.country(),
        city.lat(),
        city.lon(),
        dt,
        offset,
        temperature,
        temperature - 1,
        66.0,
        1017.0,
        3.6,
        250.0,
        6.2,
        68.0,
        0.0,
        "803",
        "broken clouds",
        "openweathermap",
        fetchedAt);
  }

  @Test
  void newObservationsReachTheTopicKeyedBySourceAndLocationAndRepeatsDoNot() {
    KAFKA.createTopic(Topics.WEATHER);
    server.respondWith("/data/2.5/weather", this::openWeatherMap);
    List<WeatherLocation> cities = WeatherLocations.resolve(List.of(
        "Paris,FR@48.8566,2.3522", "London,GB@51.5074,-0.1278", "Tokyo,JP@35.6762,139.6503"));
    WeatherSettings settings = WeatherSettings.defaults(
            WeatherSourceKind.OPENWEATHERMAP, KEY, cities)
        .withUrls(server.uri("/"), null)
        // Three calls at once: no waiting on the limiter, so fetched_at is the same for all.
        .withRateLimit(WeatherRateLimit.perSecond(1, 3));
    try (Producer<String, byte[]> producer = new KafkaProducer<>(
        ProducerSettings.producerConfig(KAFKA.bootstrapServers(), "weather-it"))) {
      WeatherPublisher publisher = new WeatherPublisher(producer, Topics.WEATHER, counters);
      WeatherSource source = WeatherSources.create(
          settings,
          new FeedClient(Duration.ofSeconds(5), Duration.ofSeconds(10), clock),
          clock,
          clock::advance,
          () -> clock.instant().toEpochMilli() * 1_000_000L,
          counters);
      WeatherPoller poller = new WeatherPoller(
          source,
          cities,
          settings.interval(),
          clock,
          clock::advance,
          publisher,
          DeadLetterSink.NONE,
          counters,
          () -> Backoff.withoutJitter(Duration.ofSeconds(5), Duration.ofMinutes(5)));
      Instant firstFetch = clock.instant();

      poller.pollOnce();
      publisher.flush();

      List<ConsumerRecord<String, String>> first = KAFKA.consume(Topics.WEATHER, 3, TIMEOUT);
      assertThat(first)
          .extracting(ConsumerRecord::key)
          .containsExactly("openweathermap:paris", "openweathermap:london", "openweathermap:tokyo");
      assertThat(first)
          .extracting(r -> Json.read(r.value(), WeatherObservation.class))
          .containsExactly(
              expected(cities.get(0), DT, 7200, 14.2, firstFetch),
              expected(cities.get(1), DT, 3600, 12.8, firstFetch),
              expected(cities.get(2), DT, 32400, 19.6, firstFetch));
      assertThat(first.get(0).value())
          .startsWith(
              "{\"location\":\"paris\",\"city\":\"Paris\",\"country\":\"FR\","
                  + "\"lat\":48.8566,\"lon\":2.3522,\"observed_at\":\"2025-10-18T10:00:00Z\",\"utc_offset_seconds\":7200,");

      // Ten minutes later OpenWeatherMap still answers with the same dt for London and Tokyo, Paris
      // moved on.
      clock.advance(settings.interval());
      poller.pollOnce();
      publisher.flush();
      assertThat(counters.get(WeatherPoller.UNCHANGED)).isEqualTo(3);
      Instant secondDt = DT.plusSeconds(600);
      observedAt.put("48.", secondDt);
      clock.advance(settings.interval());
      Instant thirdFetch = clock.instant();
      poller.pollOnce();
      publisher.flush();

      List<ConsumerRecord<String, String>> all = KAFKA.consume(Topics.WEATHER, 4, TIMEOUT);
      assertThat(all).as("the re-poll with the same dt published nothing").hasSize(4);
      assertThat(all.get(3).key()).isEqualTo("openweathermap:paris");
      assertThat(Json.read(all.get(3).value(), WeatherObservation.class))
          .isEqualTo(expected(cities.get(0), secondDt, 7200, 14.2, thirdFetch));
      assertThat(server.requestCount("/data/2.5/weather")).isEqualTo(9);
      assertThat(counters.get(WeatherPoller.PUBLISHED)).isEqualTo(4);
      assertThat(counters.get(WeatherPublisher.ACKED)).isEqualTo(4);
      assertThat(counters.get(WeatherPublisher.FAILED)).isZero();
      assertThat(poller.status().summary()).isEqualTo("openweathermap: 3/3 ok");
    }
  }

  @Test
  void anUnreadableBodyLandsOnTheDeadLetterTopicWithItsReasonAndWithoutTheKey() {
    KAFKA.createTopic(Topics.DEAD_LETTERS);
    server.respond("/data/2.5/weather", Response.json(200, "{\"cod\":200,\"main\":{\"temp\":14}}"));
    List<WeatherLocation> paris = List.of(WeatherLocations.preset("brief").get(0));
    WeatherSettings settings = WeatherSettings.defaults(
            WeatherSourceKind.OPENWEATHERMAP, KEY, paris)
        .withUrls(server.uri("/"), null);
    try (Producer<String, byte[]> producer = new KafkaProducer<>(
        ProducerSettings.producerConfig(KAFKA.bootstrapServers(), "weather-dead-it"))) {
      DeadLetterPublisher deadLetters =
          new DeadLetterPublisher(producer, Topics.DEAD_LETTERS, counters);
      WeatherSource source = WeatherSources.create(
          settings,
          new FeedClient(Duration.ofSeconds(5), Duration.ofSeconds(10), clock),
          clock,
          clock::advance,
          () -> clock.instant().toEpochMilli() * 1_000_000L,
          counters);
      WeatherPoller poller = new WeatherPoller(
          source,
          paris,
          settings.interval(),
          clock,
          clock::advance,
          observation -> {},
          deadLetters,
          counters,
          () -> Backoff.withoutJitter(Duration.ofSeconds(5), Duration.ofMinutes(5)));

      poller.pollOnce();
      producer.flush();
    }

    ConsumerRecord<String, String> letter =
        KAFKA.consume(Topics.DEAD_LETTERS, 1, TIMEOUT).get(0);
    assertThat(letter.key())
        .endsWith("/data/2.5/weather?lat=48.8566&lon=2.3522&units=metric&appid=***");
    assertThat(letter.value()).isEqualTo("{\"cod\":200,\"main\":{\"temp\":14}}");
    assertThat(new String(
            letter.headers().lastHeader(DeadLetterPublisher.HEADER_REASON).value(),
            StandardCharsets.UTF_8))
        .isEqualTo(
            "openweathermap body for 'paris' unreadable: no 'dt' (observation time): not a current-weather body");
    assertThat(counters.get(WeatherPoller.DEAD_LETTERS)).isEqualTo(1);
  }

  @Test
  void aSendThatFailsIsCountedAndReportedNeverThrown() throws Exception {
    Map<String, Object> config = new java.util.HashMap<>(
        ProducerSettings.producerConfig(KAFKA.bootstrapServers(), "weather-it-missing"));
    config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000);
    CompletableFuture<Exception> reported = new CompletableFuture<>();
    try (Producer<String, byte[]> producer = new KafkaProducer<>(config)) {
      WeatherPublisher publisher =
          new WeatherPublisher(producer, "no-such-weather-topic", counters);

      publisher.publish(
          expected(WeatherLocations.preset("brief").get(0), DT, 7200, 14.2, DT),
          reported::complete);

      assertThat(reported.get(20, TimeUnit.SECONDS)).isNotNull();
    }
    assertThat(counters.get(WeatherPublisher.FAILED)).isEqualTo(1);
    assertThat(counters.get(WeatherPublisher.ACKED)).isZero();
  }
}
