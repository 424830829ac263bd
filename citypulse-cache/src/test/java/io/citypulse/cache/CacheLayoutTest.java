package io.citypulse.cache;

import static io.citypulse.cache.Records.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheLayoutTest {
  private final CacheLayout layout = new CacheLayout("citypulse");

  @Test
  void keysArePrefixKindAndRecordKey() {
    assertThat(layout.hashKey(CacheKind.STATION, "velib:16107"))
        .isEqualTo("citypulse:station:velib:16107");
    assertThat(layout.historyKey(CacheKind.POSTCODE, "75004"))
        .isEqualTo("citypulse:postcode:75004:history");
    assertThat(layout.indexKey(CacheKind.WEATHER)).isEqualTo("citypulse:weathers");
    assertThat(layout.indexKey(CacheKind.STATION)).isEqualTo("citypulse:stations");
  }

  @Test
  void theChangeMessageIsSmallJsonNamingTheHash() throws Exception {
    CacheEntry entry = CacheEntries.of(Records.station("16107", 3, T0));

    JsonNode message = Json.MAPPER.readTree(layout.changeMessage(entry));

    assertThat(message.properties()).hasSize(4);
    assertThat(message.get("kind").asText()).isEqualTo("station");
    assertThat(message.get("key").asText()).isEqualTo("velib:16107");
    assertThat(message.get("event_time").asText()).isEqualTo("2026-03-01T08:00:00Z");
    assertThat(message.get("hash").asText()).isEqualTo("citypulse:station:velib:16107");
  }

  @Test
  void theScriptIsGivenTheOrderingTimesThenTheHashFieldsWithTheCachesOwn() {
    CacheEntry entry = new CacheEntry(
        CacheKind.WEATHER, "src:paris", T0, Map.of("temperature_c", "7.5"), "{\"t\":7.5}");

    List<String> args = layout.scriptArgs(entry, 3_600_000, 10, "changes");

    assertThat(layout.scriptKeys(entry))
        .containsExactly(
            "citypulse:weather:src:paris",
            "citypulse:weather:src:paris:history",
            "citypulse:weathers");
    assertThat(args.subList(0, 6))
        .containsExactly(
            Long.toString(T0.toEpochMilli()), "0", "{\"t\":7.5}", "3600000", "10", "changes");
    assertThat(args.get(7)).isEqualTo("src:paris");
    assertThat(args.subList(8, args.size()))
        .containsExactly(
            "temperature_c", "7.5",
            "event_time", "2026-03-01T08:00:00Z",
            "json", "{\"t\":7.5}",
            "_event_ms", Long.toString(T0.toEpochMilli()),
            "_fetched_ms", "0");
  }
}
