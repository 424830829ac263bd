package io.citypulse.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PostcodeAvailabilityJsonTest {
  private static final Instant T = Instant.parse("2025-10-18T09:00:02Z");

  @Test
  void keepsTheFieldOrderAndAppendsUntypedBikes() throws Exception {
    JsonNode json = Json.MAPPER.readTree(
        Json.write(new PostcodeAvailability("75116", "Paris", 1, 5, 1L, 4L, 30, 35, T, 0L)));

    assertThat(json.fieldNames())
        .toIterable()
        .containsExactly(
            "postcode",
            "commune",
            "stations",
            "bikes_available",
            "mechanical",
            "ebike",
            "docks_available",
            "capacity",
            "updated_at",
            "untyped_bikes");
    assertThat(json.get("mechanical").asLong()).isEqualTo(1);
    assertThat(json.get("untyped_bikes").asLong()).isZero();
  }

  @Test
  void anUnknownSplitIsWrittenAsNullNotZero() throws Exception {
    PostcodeAvailability untyped =
        new PostcodeAvailability("10001", null, 3, 1200, null, null, 40, 1240, T, 1200L);

    JsonNode json = Json.MAPPER.readTree(Json.write(untyped));

    assertThat(json.get("mechanical").isNull()).isTrue();
    assertThat(json.get("ebike").isNull()).isTrue();
    assertThat(json.get("untyped_bikes").asLong()).isEqualTo(1200);
    assertThat(Json.read(Json.write(untyped), PostcodeAvailability.class)).isEqualTo(untyped);
  }

  @Test
  void aRecordWrittenBeforeUntypedBikesExistedReadsItAsNull() {
    // The shape citypulse wrote until untyped_bikes was added: still on compacted topics.
    PostcodeAvailability old = Json.read("""
        {"postcode":"75116","commune":"Paris","stations":1,"bikes_available":5,"mechanical":1,
         "ebike":4,"docks_available":30,"capacity":35,"updated_at":"2025-10-18T09:00:02Z"}""", PostcodeAvailability.class);

    assertThat(old)
        .isEqualTo(new PostcodeAvailability("75116", "Paris", 1, 5, 1L, 4L, 30, 35, T, null));
  }

  @Test
  void aSystemsAreaNamesItsSystemLastAndIsKeyedSystemColonArea() throws Exception {
    PostcodeAvailability area = new PostcodeAvailability(
        "871fb4662ffffff", null, 2, 7, null, null, 13, 20, T, 7L, "sim-0001");

    JsonNode json = Json.MAPPER.readTree(Json.write(area));

    assertThat(json.fieldNames()).toIterable().last().isEqualTo("system");
    assertThat(json.get("system").asText()).isEqualTo("sim-0001");
    assertThat(area.key()).isEqualTo("sim-0001:871fb4662ffffff");
    assertThat(Json.read(Json.write(area), PostcodeAvailability.class)).isEqualTo(area);
    PostcodeAvailability oneSystem =
        new PostcodeAvailability("75116", "Paris", 1, 5, 1L, 4L, 30, 35, T, 0L);
    assertThat(oneSystem.key()).isEqualTo("75116");
    assertThat(Json.MAPPER.readTree(Json.write(oneSystem)).has("system")).isFalse();
  }
}
