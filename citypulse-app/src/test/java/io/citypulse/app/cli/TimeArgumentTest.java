package io.citypulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimeArgumentTest {
  private static final Instant NOW = Instant.parse("2026-11-24T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private static Instant parse(String text) {
    return TimeArgument.parse(text, CLOCK, PARIS);
  }

  @Test
  void instantsWithAnOffsetIgnoreTheZone() {
    assertThat(parse("2026-11-24T08:00:00Z")).isEqualTo("2026-11-24T08:00:00Z");
    assertThat(parse("2026-11-24T08:00:00.250z")).isEqualTo("2026-11-24T08:00:00.250Z");
    assertThat(parse("2026-11-24T09:00+01:00")).isEqualTo("2026-11-24T08:00:00Z");
    assertThat(parse("2026-11-24T03:00-05:00")).isEqualTo("2026-11-24T08:00:00Z");
    assertThat(parse("2026-11-24T09:00:00+01:00[Europe/Paris]")).isEqualTo("2026-11-24T08:00:00Z");
  }

  @Test
  void localDateTimesAndDatesAreInTheZone() {
    assertThat(parse("2026-11-24T08:00")).isEqualTo("2026-11-24T07:00:00Z");
    assertThat(parse("2026-11-24 08:00:30")).isEqualTo("2026-11-24T07:00:30Z");
    assertThat(parse("2026-11-24")).isEqualTo("2026-11-23T23:00:00Z");
    assertThat(TimeArgument.parse("2026-07-01", CLOCK, PARIS)).isEqualTo("2026-06-30T22:00:00Z");
    assertThat(TimeArgument.parse("2026-11-24T08:00", CLOCK, ZoneOffset.UTC))
        .isEqualTo("2026-11-24T08:00:00Z");
    // 02:30 does not exist on the spring-forward night: java.time moves it one hour on (03:30
    // CEST).
    assertThat(parse("2026-03-29T02:30")).isEqualTo("2026-03-29T01:30:00Z");
  }

  @Test
  void nowAndTimesAgoComeFromTheClock() {
    assertThat(parse(" now ")).isEqualTo(NOW);
    assertThat(parse("-2h")).isEqualTo("2026-11-24T08:00:00Z");
    assertThat(parse("-7d")).isEqualTo("2026-11-17T10:00:00Z");
    assertThat(parse("-90s")).isEqualTo("2026-11-24T09:58:30Z");
  }

  @Test
  void anythingElseNamesTheAcceptedForms() {
    assertThatThrownBy(() -> parse("yesterday"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'yesterday' is not a time: expected " + TimeArgument.FORMS);
    assertThatThrownBy(() -> parse("-2x"))
        .hasMessage("'-2x' is not a time ago such as -2h, -7d or -30m");
    assertThatThrownBy(() -> parse("2026-13-01"))
        .hasMessageStartingWith("'2026-13-01' is not a time");
    assertThatThrownBy(() -> parse("")).hasMessageStartingWith("empty time");
    assertThatThrownBy(() -> parse("2026-11-24T25:00Z"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
