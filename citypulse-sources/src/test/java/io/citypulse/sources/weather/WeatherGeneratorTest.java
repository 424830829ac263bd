package io.citypulse.sources.weather;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.Json;
import io.citypulse.model.WeatherObservation;
import io.citypulse.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeatherGeneratorTest {
  private static final Instant T0 = Instant.parse("2025-10-18T10:07:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final WeatherGenerator generator =
      new WeatherGenerator(42, Duration.ofMinutes(10), clock);
  private final List<WeatherLocation> brief = WeatherLocations.preset("brief");

  @Test
  void theSameSeedLocationAndTimeGiveTheSameObservation() {
    WeatherGenerator twin = new WeatherGenerator(42, Duration.ofMinutes(10), clock);
    WeatherGenerator other = new WeatherGenerator(43, Duration.ofMinutes(10), clock);

    for (WeatherLocation location : brief) {
      assertThat(twin.observe(location, T0)).isEqualTo(generator.observe(location, T0));
      assertThat(other.observe(location, T0)).isNotEqualTo(generator.observe(location, T0));
    }
    assertThat(generator.observe(brief.get(0), T0))
        .isNotEqualTo(generator.observe(brief.get(0), T0.plusSeconds(600)));
  }

  @Test
  void fetchObservesAtTheStartOfTheIntervalSoRepeatsInOneSlotAreEqual() {
    WeatherFetch.Observed first = (WeatherFetch.Observed) generator.fetch(brief.get(0));
    clock.advance(Duration.ofMinutes(2));
    WeatherFetch.Observed second = (WeatherFetch.Observed) generator.fetch(brief.get(0));
    clock.advance(Duration.ofMinutes(2));
    WeatherFetch.Observed nextSlot = (WeatherFetch.Observed) generator.fetch(brief.get(0));

    assertThat(first.observation().observedAt()).isEqualTo(Instant.parse("2025-10-18T10:00:00Z"));
    assertThat(first.observation().fetchedAt()).isEqualTo(T0);
    assertThat(second.observation().observedAt()).isEqualTo(first.observation().observedAt());
    assertThat(second.observation().temperatureC())
        .isEqualTo(first.observation().temperatureC());
    assertThat(nextSlot.observation().observedAt())
        .isEqualTo(Instant.parse("2025-10-18T10:10:00Z"));
    assertThat(first.source().toString()).isEqualTo("generator:paris");
    assertThat(Json.read(first.body(), WeatherObservation.class)).isEqualTo(first.observation());
  }

  @Test
  void everyObservationOfAYearIsValidAndPhysicallyConsistent() {
    List<WeatherLocation> places = new ArrayList<>(brief);
    places.addAll(WeatherLocations.preset("senegal"));
    places.add(WeatherLocations.parse("Longyearbyen@78.22,15.65"));
    places.add(WeatherLocations.parse("Ushuaia@-54.8,-68.3"));
    places.add(WeatherLocations.parse("Somewhere"));
    int samples = 0;
    int dry = 0;
    for (WeatherLocation place : places) {
      for (Instant at = Instant.parse("2025-01-01T00:00:00Z");
          at.isBefore(Instant.parse("2026-01-01T00:00:00Z"));
          at = at.plus(Duration.ofMinutes(97))) {
        WeatherObservation o = generator.observe(place, at);
        assertThat(WeatherValidator.problem(o))
            .as("%s at %s: %s", place.key(), at, o)
            .isEmpty();
        assertThat(o.pressureHpa()).isBetween(990.0, 1035.0);
        assertThat(o.windSpeedMs()).isGreaterThanOrEqualTo(0.0);
        assertThat(o.windGustMs()).isGreaterThanOrEqualTo(o.windSpeedMs());
        assertThat(o.cloudsPct()).isBetween(0.0, 100.0);
        assertThat(o.utcOffsetSeconds()).isNotNull();
        assertThat(o.weatherDescription()).isNotBlank();
        assertThat(o.source()).isEqualTo("generator");
        samples++;
        if (o.precipitationMm() == 0) {
          dry++;
        }
      }
    }
    assertThat((double) dry / samples)
        .as("precipitation is mostly 0")
        .isGreaterThan(0.85)
        .isLessThan(1.0);
  }

  @Test
  void theDailyMinimumIsNearSixAndTheMaximumNearFifteenLocalTime() {
    for (WeatherLocation place : brief) {
      for (String day : new String[] {"2025-01-10", "2025-04-22", "2025-07-15", "2025-10-18"}) {
        Instant midnightUtc = Instant.parse(day + "T00:00:00Z");
        int offset = generator.observe(place, midnightUtc).utcOffsetSeconds();
        Instant localMidnight = midnightUtc.minusSeconds(offset);
        double minHour = 0;
        double maxHour = 0;
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int minute = 0; minute < 24 * 60; minute += 10) {
          double t =
              generator.observe(place, localMidnight.plusSeconds(minute * 60L)).temperatureC();
          if (t < min) {
            min = t;
            minHour = minute / 60.0;
          }
          if (t > max) {
            max = t;
            maxHour = minute / 60.0;
          }
        }
        assertThat(minHour)
            .as("%s on %s: coldest local hour", place.key(), day)
            .isBetween(4.5, 7.5);
        assertThat(maxHour)
            .as("%s on %s: warmest local hour", place.key(), day)
            .isBetween(13.5, 16.5);
        assertThat(max - min).as("%s on %s: daily range", place.key(), day).isBetween(2.0, 15.0);
      }
    }
  }

  @Test
  void humidityFallsAsTheDayWarms() {
    WeatherLocation paris = brief.get(0);
    List<double[]> pairs = new ArrayList<>();
    for (Instant at = Instant.parse("2025-07-01T00:00:00Z");
        at.isBefore(Instant.parse("2025-07-31T00:00:00Z"));
        at = at.plus(Duration.ofMinutes(30))) {
      WeatherObservation o = generator.observe(paris, at);
      pairs.add(new double[] {o.temperatureC(), o.humidityPct()});
    }
    assertThat(correlation(pairs)).isLessThan(-0.5);
  }

  @Test
  void climateFollowsLatitudeAndSeason() {
    WeatherLocation paris = brief.get(0);
    WeatherLocation dakar = brief.get(3);
    WeatherLocation ushuaia = WeatherLocations.parse("Ushuaia@-54.8,-68.3");

    assertThat(mean(paris, "2025-07")).isGreaterThan(mean(paris, "2025-01") + 8);
    assertThat(mean(ushuaia, "2025-01"))
        .as("southern summer")
        .isGreaterThan(mean(ushuaia, "2025-07") + 8);
    assertThat(mean(dakar, "2025-01")).isGreaterThan(mean(paris, "2025-07"));
    assertThat(mean(paris, "2025-01")).isBetween(-2.0, 10.0);
    assertThat(mean(dakar, "2025-07")).isBetween(22.0, 32.0);
  }

  @Test
  void aNamedPresetCityUsesItsCoordinatesAndAnUnknownOneSeededOnes() {
    WeatherObservation paris = generator.observe(WeatherLocations.parse("Paris"), T0);
    WeatherObservation somewhere = generator.observe(WeatherLocations.parse("Somewhere"), T0);

    assertThat(paris.lat()).isEqualTo(48.8566);
    assertThat(paris.utcOffsetSeconds()).isEqualTo(7200);
    assertThat(somewhere.lat()).isBetween(-40.0, 60.0);
    assertThat(generator.observe(WeatherLocations.parse("Somewhere"), T0).lat())
        .isEqualTo(somewhere.lat());
  }

  private double mean(WeatherLocation place, String month) {
    double sum = 0;
    int n = 0;
    for (Instant at = Instant.parse(month + "-01T00:00:00Z");
        at.isBefore(Instant.parse(month + "-29T00:00:00Z"));
        at = at.plus(Duration.ofHours(1))) {
      sum += generator.observe(place, at).temperatureC();
      n++;
    }
    return sum / n;
  }

  private static double correlation(List<double[]> pairs) {
    double mx = pairs.stream().mapToDouble(p -> p[0]).average().orElseThrow();
    double my = pairs.stream().mapToDouble(p -> p[1]).average().orElseThrow();
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (double[] p : pairs) {
      sxy += (p[0] - mx) * (p[1] - my);
      sxx += (p[0] - mx) * (p[0] - mx);
      syy += (p[1] - my) * (p[1] - my);
    }
    return sxy / Math.sqrt(sxx * syy);
  }
}
