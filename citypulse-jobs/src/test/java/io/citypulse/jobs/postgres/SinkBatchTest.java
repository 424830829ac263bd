package io.citypulse.jobs.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.Json;
import io.citypulse.model.StationRecord;
import io.citypulse.storage.sink.RecordTables;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SinkBatchTest {
  private static final Instant T0 = Instant.parse("2026-11-24T07:00:00Z");

  private static StationRecord station(String code, Instant lastReported) {
    return new StationRecord(
        "velib",
        code,
        "id-" + code,
        "Station " + code,
        48.85,
        2.35,
        20,
        "75001",
        "Paris",
        4,
        3,
        1,
        16,
        true,
        true,
        true,
        lastReported,
        T0);
  }

  private static SinkBatch.KafkaValue value(long offset, String json) {
    return new SinkBatch.KafkaValue(
        "k" + offset, json, "velib-projet", 1, offset, T0.toEpochMilli());
  }

  @Test
  void decodesRecordsAndRejectsWhatCannotBeStoredWithAReason() {
    StationRecord good = station("16107", T0);
    StationRecord noCode = station(null, T0);
    SinkBatch<StationRecord> batch = SinkBatch.decode(
        List.of(
            value(0, Json.writeString(good)),
            value(1, "{\"system\": \"velib\", \"station_code\": "),
            value(2, Json.writeString(noCode)),
            value(3, null),
            value(4, "[1, 2]")),
        StationRecord.class,
        RecordTables.STATIONS);

    assertThat(batch.records()).containsExactly(good);
    assertThat(batch.rejected())
        .extracting(r -> r.input().offset())
        .containsExactly(1L, 2L, 3L, 4L);
    assertThat(batch.rejected())
        .extracting(SinkBatch.Rejected::reason)
        .containsExactly(
            SinkBatch.UNREADABLE, SinkBatch.UNSTORABLE, SinkBatch.UNREADABLE, SinkBatch.UNREADABLE);
    assertThat(batch.rejected().get(1).detail()).isEqualTo("no station_code");
    assertThat(batch.rejected().get(0).detail()).startsWith("not a StationRecord: ");
    assertThat(batch.rejected().get(0).input().position()).isEqualTo("velib-projet/1@1");
  }

  @Test
  void aStationWithoutLastReportedIsStoredAtItsFetchTime() {
    StationRecord noLastReported = station("16107", null);
    SinkBatch<StationRecord> batch = SinkBatch.decode(
        List.of(value(0, Json.writeString(noLastReported))),
        StationRecord.class,
        RecordTables.STATIONS);
    assertThat(batch.records()).containsExactly(noLastReported);
    assertThat(batch.rejected()).isEmpty();
  }

  @Test
  void streamsAreNamedLikeTheirConfigValues() {
    assertThat(StoredStream.of("Postcodes")).isEqualTo(StoredStream.POSTCODES);
    assertThat(StoredStream.WEATHER.queryName()).isEqualTo("postgres-weather");
    assertThat(StoredStream.STATIONS.recordType()).isEqualTo(StationRecord.class);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> StoredStream.of("bikes"))
        .hasMessageContaining("unknown stream 'bikes'");
  }
}
