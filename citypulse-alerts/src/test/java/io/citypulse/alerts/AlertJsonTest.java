package io.citypulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertJsonTest {

  @Test
  void theTopicRecordHasItsFieldsInOrderAndReadsBack() throws Exception {
    Alert alert = new Alert(
        "station:velib:16107",
        AlertKind.STATION_EMPTY,
        "bikes_available=0",
        AlertState.RAISED,
        Instant.parse("2026-05-04T08:00:00Z"),
        Instant.parse("2026-05-04T08:10:00Z"),
        Severity.WARNING,
        "empty",
        Map.of("docks_available", 20.0, "bikes_available", 0.0));
    JsonNode json = Json.MAPPER.readTree(Json.write(alert));
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly(
            "subject", "kind", "rule", "state", "since", "at", "severity", "message", "values");
    assertThat(json.get("kind").asText()).isEqualTo("station_empty");
    assertThat(json.get("state").asText()).isEqualTo("raised");
    assertThat(json.get("severity").asText()).isEqualTo("warning");
    assertThat(json.get("since").asText()).isEqualTo("2026-05-04T08:00:00Z");
    assertThat(json.get("values").fieldNames())
        .toIterable()
        .containsExactly("bikes_available", "docks_available");
    assertThat(Json.read(Json.write(alert), Alert.class)).isEqualTo(alert);
    assertThat(alert.episodeKey()).isEqualTo("station:velib:16107|station_empty|bikes_available=0");
  }
}
