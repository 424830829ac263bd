package io.citypulse.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StationRecordJsonTest {

  private final StationRecord record = new StationRecord(
      "velib",
      "16107",
      "213688169",
      "Benjamin Godard - Victor Hugo",
      48.865983,
      2.275725,
      35,
      "75116",
      "Paris",
      5,
      1,
      4,
      30,
      true,
      true,
      false,
      Instant.parse("2025-10-18T08:31:34Z"),
      Instant.parse("2025-10-18T09:00:00Z"));

  @Test
  void writesTheDocumentedSnakeCaseSchemaWithIsoInstants() throws Exception {
    JsonNode json = Json.MAPPER.readTree(Json.write(record));

    assertThat(json.get("station_code").asText()).isEqualTo("16107");
    assertThat(json.get("bikes_available").asInt()).isEqualTo(5);
    assertThat(json.get("is_returning").asBoolean()).isFalse();
    assertThat(json.get("last_reported").asText()).isEqualTo("2025-10-18T08:31:34Z");
    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly(
            "system",
            "station_code",
            "station_id",
            "name",
            "lat",
            "lon",
            "capacity",
            "postcode",
            "commune",
            "bikes_available",
            "mechanical",
            "ebike",
            "docks_available",
            "is_installed",
            "is_renting",
            "is_returning",
            "last_reported",
            "fetched_at");
  }

  @Test
  void roundTripsAndKeysBySystemAndCode() {
    StationRecord back = Json.read(Json.write(record), StationRecord.class);

    assertThat(back).isEqualTo(record);
    assertThat(back.key()).isEqualTo("velib:16107");
  }

  @Test
  void malformedJsonIsAnIllegalArgumentNamingTheType() {
    assertThatThrownBy(() -> Json.read("{\"system\":", StationRecord.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("StationRecord");
  }
}
