package io.citypulse.jobs.availability;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.Json;
import io.citypulse.model.StationRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StationRecordReaderTest {
  private final StationRecordReader reader = new StationRecordReader();

  private void read(String key, String value) {
    reader.read(
        key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static long micros(Instant instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, instant);
  }

  @Test
  void readsTheModelsJsonWhateverTheFieldOrder() {
    StationRecord record = StationRecords.station("16107", "75116", 1, 4, 30, 1, 2);
    reader.read(record.key().getBytes(StandardCharsets.UTF_8), Json.write(record));

    assertThat(reader.rejection).isNull();
    assertThat(reader.stationKey).isEqualTo("velib:16107");
    assertThat(reader.postcode).isEqualTo("75116");
    assertThat(reader.commune).isEqualTo("Paris");
    assertThat(reader.bikesAvailable).isEqualTo(5);
    assertThat(reader.mechanical).isEqualTo(1);
    assertThat(reader.ebike).isEqualTo(4);
    assertThat(reader.docksAvailable).isEqualTo(30);
    assertThat(reader.capacity).isEqualTo(35);
    assertThat(reader.lastReportedMicros).isEqualTo(micros(record.lastReported()));
    assertThat(reader.fetchedAtMicros).isEqualTo(micros(record.fetchedAt()));

    read(
        null,
        "{\"fetched_at\":1760774400,\"extra\":{\"a\":[1,{\"b\":2}]},\"mechanical\":null,"
            + "\"station_code\":42,\"system\":\"velib\"}");
    assertThat(reader.rejection).isNull();
    assertThat(reader.stationKey).as("derived from system and code").isEqualTo("velib:42");
    assertThat(reader.postcode).isEqualTo("UNKNOWN");
    assertThat(reader.mechanical).isNull();
    assertThat(reader.fetchedAtMicros).isEqualTo(1_760_774_400_000_000L);
  }

  @Test
  void flagsEachKindOfInvalidValueAndForgetsItsFields() {
    read("velib:x", "{not json");
    assertThat(reader.rejection).isEqualTo("malformed_json");
    read("velib:y", "[1,2,3]");
    assertThat(reader.rejection).isEqualTo("malformed_json");
    read("velib:w", "{\"station_code\":\"9\",\"bikes_available\":\"many\"}");
    assertThat(reader.rejection).isEqualTo("malformed_json");
    assertThat(reader.stationCode).isNull();
    read("velib:v", "{\"station_code\":\"9\",\"capacity\":3.5}");
    assertThat(reader.rejection).isEqualTo("malformed_json");
    read("velib:u", "{\"station_code\":\"9\",\"last_reported\":\"yesterday\"}");
    assertThat(reader.rejection).isEqualTo("malformed_json");
    read("velib:t", "{\"station_code\":\"9\"} trailing");
    assertThat(reader.rejection).isEqualTo("malformed_json");
    read("velib:z", "{\"system\":\"velib\",\"postcode\":\"75116\"}");
    assertThat(reader.rejection).isEqualTo("missing_station_code");
    read("velib:16107", null);
    assertThat(reader.rejection).isEqualTo("tombstone");
    assertThat(reader.stationKey).isEqualTo("velib:16107");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2025-10-18T08:01:00Z",
        "2025-10-18T08:01:00.5Z",
        "2024-02-29T23:59:59.123456Z",
        "1969-12-31T23:59:59.999999999Z",
        "2025-10-18T10:01:00+02:00",
        "2025-10-18T08:01:00.000001Z",
        "2000-01-01T00:00:00.123Z"
      })
  void readsIsoInstantsAsJavaTimeDoes(String text) {
    Instant expected =
        java.time.OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MICROS);

    assertThat(StationRecordReader.isoMicros(text)).isEqualTo(micros(expected));
  }
}
