package io.citypulse.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.Json;
import io.citypulse.model.StationRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AlertInputTest {
  private static final Instant T = Instant.parse("2026-05-04T08:00:00Z");

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static StationRecord station(Instant lastReported, Instant fetchedAt) {
    return new StationRecord(
        "velib",
        "16107",
        "s1",
        "A",
        48.8,
        2.3,
        20,
        "75116",
        "Paris",
        0,
        0,
        0,
        20,
        true,
        true,
        true,
        lastReported,
        fetchedAt);
  }

  @Test
  void aStationIsOneReadingAtItsFetchTimeElseItsLastReport() {
    AlertInput.Parsed parsed =
        AlertInput.parse(AlertInput.Kind.STATION, Json.write(station(T, T.plusSeconds(30))));
    assertThat(parsed.rejection()).isNull();
    assertThat(parsed.readings())
        .containsExactly(new AlertInput.Reading("station:velib:16107", T.plusSeconds(30)));
    assertThat(AlertInput.parse(AlertInput.Kind.STATION, Json.write(station(T, null)))
            .readings())
        .containsExactly(new AlertInput.Reading("station:velib:16107", T));
  }

  @Test
  void badInputIsRejectedWithItsReason() {
    assertThat(AlertInput.parse(AlertInput.Kind.STATION, null).rejection().reason())
        .isEqualTo(AlertInput.TOMBSTONE);
    assertThat(AlertInput.parse(AlertInput.Kind.WEATHER, bytes("{\"location\":"))
            .rejection()
            .reason())
        .isEqualTo(AlertInput.UNREADABLE);
    assertThat(AlertInput.parse(AlertInput.Kind.STATION, Json.write(station(null, null)))
            .rejection())
        .isEqualTo(new AlertInput.Rejection(
            AlertInput.NO_EVENT_TIME,
            "no fetched_at or last_reported: the record has no event time"));
    assertThat(AlertInput.parse(AlertInput.Kind.POSTCODE, bytes("{\"bikes_available\":3}"))
            .rejection()
            .reason())
        .isEqualTo(AlertInput.NO_SUBJECT);
    assertThat(AlertInput.parse(AlertInput.Kind.HEALTH, bytes("{\"feeds\":[]}"))
            .rejection()
            .detail())
        .isEqualTo("not a health report: no 'at' time");
  }

  @Test
  void aHealthReportIsOneReadingPerFeedAndJob() {
    AlertInput.Parsed parsed = AlertInput.parse(
        AlertInput.Kind.HEALTH,
        bytes(
            "{\"at\":\"2026-05-04T08:00:00Z\",\"feeds\":[{\"feed\":\"gbfs velib\",\"status\":\"ok\"},"
                + "{\"feed\":\"weather open-meteo\",\"status\":\"stale\"}],"
                + "\"jobs\":[{\"job\":\"alerts\",\"status\":\"running\"}]}"));
    assertThat(parsed.readings())
        .extracting(AlertInput.Reading::subject)
        .containsExactly("feed:gbfs velib", "feed:weather open-meteo", "job:alerts");
    assertThat(parsed.readings()).allSatisfy(r -> assertThat(r.at()).isEqualTo(T));
  }
}
