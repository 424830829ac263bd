package io.citypulse.sources.gbfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TimestampsTest {

  /** The rules the parser had before the fast path, written out again: the oracle. */
  private static Instant reference(String text) {
    String trimmed = text.trim();
    if (trimmed.matches("\\d{1,15}")) {
      long value = Long.parseLong(trimmed);
      return value > 99_999_999_999L ? Instant.ofEpochMilli(value) : Instant.ofEpochSecond(value);
    }
    try {
      return OffsetDateTime.parse(trimmed.toUpperCase(Locale.ROOT).replace(' ', 'T'))
          .toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static void assertSameAsReference(String text) {
    assertThat(Timestamps.parse(text)).as(text).isEqualTo(reference(text));
    char[] padded = ("xx" + text + "yy").toCharArray();
    assertThat(Timestamps.parse(padded, 2, text.length()))
        .as("in a buffer: " + text)
        .isEqualTo(reference(text));
    long seconds = Timestamps.wholeSeconds(padded, 2, text.length());
    Instant expected = reference(text);
    if (seconds != Timestamps.NOT_WHOLE_SECONDS) {
      assertThat(expected).as(text).isNotNull();
      assertThat(Instant.ofEpochSecond(seconds)).as(text).isEqualTo(expected);
    } else if (expected != null
        && expected.getEpochSecond() <= Timestamps.MAX_EPOCH_SECONDS
        && text.trim()
            .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d(:\\d\\d)?(Z|[+-]\\d\\d:\\d\\d)")) {
      // The common whole-second shapes must not need an Instant.
      throw new AssertionError("whole seconds not read: " + text);
    }
  }

  @Test
  void commonShapesMatchJavaTime() {
    String[] texts = {
      "2023-07-17T13:34:13+02:00",
      "2023-07-17T11:34:13Z",
      "2023-07-17t11:34:13z",
      "2023-07-17 11:34:13Z",
      "2023-07-17T13:34:13-05:30",
      "2023-07-17T13:34:13-00:00",
      "2023-07-17T13:34:13.5+02:00",
      "2023-07-17T13:34:13.123456789Z",
      "2023-07-17T13:34:13.000Z",
      "2023-07-17T13:34Z",
      "2023-07-17T13:34+01:00",
      "1970-01-01T00:00:00Z",
      "1969-12-31T23:59:59Z",
      "0000-01-01T00:00:00Z",
      "9999-12-31T23:59:59+18:00",
      "9999-12-31T23:59:59-18:00",
      "  2026-01-05T09:58:30+02:00\n",
      "2026-06-01T08:00:00+14:00"
    };
    for (String text : texts) {
      assertSameAsReference(text);
    }
    assertThat(Timestamps.parse("2023-07-17T13:34:13+02:00"))
        .isEqualTo(Instant.parse("2023-07-17T11:34:13Z"));
    assertThat(Timestamps.parse("2023-07-17T13:34:13.25-02:30"))
        .isEqualTo(Instant.parse("2023-07-17T16:04:13.250Z"));
  }

  @Test
  void leapYearsFollowTheGregorianRules() {
    for (String text : new String[] {
      "2024-02-29T00:00:00Z", "2000-02-29T12:00:00Z", "1900-02-29T00:00:00Z",
          "2023-02-29T00:00:00Z",
      "2100-02-29T00:00:00Z", "2400-02-29T00:00:00Z", "2023-02-28T23:59:59Z",
          "2023-04-31T00:00:00Z",
      "2023-12-31T23:59:59Z", "2024-12-31T23:59:59Z", "2023-06-30T10:00:00Z", "2023-06-31T10:00:00Z"
    }) {
      assertSameAsReference(text);
    }
    assertThat(Timestamps.parse("2024-02-29T00:00:00Z"))
        .isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
    assertThat(Timestamps.parse("2023-02-29T00:00:00Z")).isNull();
    assertThat(Timestamps.parse("1900-02-29T00:00:00Z")).isNull();
  }

  @Test
  void outOfRangeFieldsAndOtherShapesAreDecidedByJavaTime() {
    String[] texts = {
      "2023-13-01T00:00:00Z",
      "2023-00-10T00:00:00Z",
      "2023-07-00T00:00:00Z",
      "2023-07-17T24:00:00Z",
      "2023-07-17T23:60:00Z",
      "2023-07-17T23:59:60Z",
      "2023-07-17T13:34:13+18:30",
      "2023-07-17T13:34:13+19:00",
      "2023-07-17T13:34:13+1:00",
      "2023-07-17T13:34:13+0200",
      "2023-07-17T13:34:13+02",
      "2023-07-17T13:34:13+02:00:30",
      "2023-7-17T13:34:13Z",
      "2023-07-17T13:34:13.1234567891Z",
      "2023-07-17T13:34:13.Z",
      "2023-07-17T13:34:13",
      "2023-07-17",
      "2023-07-17X13:34:13Z",
      "+12023-07-17T13:34:13Z",
      "2023-07-17T13:34:13 +02:00",
      "yesterday",
      "",
      "   ",
      "2023-07-17T13:34:1a+02:00",
      "2023-07-17T13:34:13+0a:00"
    };
    for (String text : texts) {
      assertSameAsReference(text);
    }
    assertThat(Timestamps.parse("2023-07-17T13:34:13+02"))
        .isEqualTo(Instant.parse("2023-07-17T11:34:13Z"));
    assertThat(Timestamps.parse("2023-07-17T24:00:00Z")).isNull();
  }

  @Test
  void epochSecondsAndMillisecondsAsDigits() {
    for (String text : new String[] {
      "0",
      "1760778556",
      " 1760778556 ",
      "99999999999",
      "100000000000",
      "1760778556000",
      "999999999999999",
      "1234567890123456",
      "-5",
      "17607785.56",
      "1e9"
    }) {
      assertSameAsReference(text);
    }
    assertThat(Timestamps.parse("1760778556")).isEqualTo(Instant.ofEpochSecond(1760778556));
    assertThat(Timestamps.parse("1760778556000")).isEqualTo(Instant.ofEpochSecond(1760778556));
    assertThat(Timestamps.parse("1234567890123456")).as("16 digits: neither").isNull();
    assertThat(Timestamps.wholeSeconds("1760778556000".toCharArray(), 0, 13))
        .as("milliseconds are no whole seconds")
        .isEqualTo(Timestamps.NOT_WHOLE_SECONDS);
  }

  @Test
  void manyGeneratedDateTimesMatchJavaTime() {
    Random random = new Random(20230717);
    for (int i = 0; i < 5_000; i++) {
      // Mostly around now, some anywhere in years 0000-9999.
      long seconds = i % 5 == 0
          ? random.nextLong(-62_167_219_200L + 86_400 * 2, 253_402_300_799L - 86_400 * 2)
          : random.nextLong(0, 4_102_444_800L);
      int offsetMinutes = random.nextInt(-18 * 60, 18 * 60 + 1);
      ZoneOffset offset = ZoneOffset.ofTotalSeconds(offsetMinutes * 60);
      OffsetDateTime time = OffsetDateTime.ofInstant(Instant.ofEpochSecond(seconds), offset);
      String text = render(time, random);
      assertSameAsReference(text);
      Instant parsed = Timestamps.parse(text);
      assertThat(parsed).as(text).isNotNull();
    }
  }

  private static String render(OffsetDateTime time, Random random) {
    StringBuilder text = new StringBuilder(String.format(
        Locale.ROOT,
        "%04d-%02d-%02d%c%02d:%02d",
        time.getYear(),
        time.getMonthValue(),
        time.getDayOfMonth(),
        "Tt ".charAt(random.nextInt(3)),
        time.getHour(),
        time.getMinute()));
    if (random.nextInt(10) > 0) {
      text.append(String.format(Locale.ROOT, ":%02d", time.getSecond()));
      int digits = random.nextInt(4) == 0 ? 1 + random.nextInt(9) : 0;
      if (digits > 0) {
        text.append('.');
        for (int d = 0; d < digits; d++) {
          text.append((char) ('0' + random.nextInt(10)));
        }
      }
    }
    int total = time.getOffset().getTotalSeconds();
    if (total == 0 && random.nextBoolean()) {
      text.append(random.nextBoolean() ? 'Z' : 'z');
    } else {
      int minutes = Math.abs(total) / 60;
      text.append(String.format(
          Locale.ROOT, "%c%02d:%02d", total < 0 ? '-' : '+', minutes / 60, minutes % 60));
    }
    return text.toString();
  }

  @Test
  void mutatedTextsAreAcceptedOrRefusedExactlyAsJavaTimeDoes() {
    Random random = new Random(7);
    String alphabet = "0123456789-+:.TtZz 9x";
    String[] seeds = {
      "2023-07-17T13:34:13+02:00", "2024-02-29T23:59:59.999Z", "2023-07-17T13:34-18:00"
    };
    for (int i = 0; i < 5_000; i++) {
      char[] text = seeds[i % seeds.length].toCharArray();
      int changes = 1 + random.nextInt(2);
      for (int c = 0; c < changes; c++) {
        text[random.nextInt(text.length)] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      assertSameAsReference(new String(text));
    }
  }

  @Test
  void epochDayMatchesLocalDate() {
    Random random = new Random(3);
    for (int i = 0; i < 10_000; i++) {
      java.time.LocalDate date =
          java.time.LocalDate.ofEpochDay(random.nextLong(-719_528, 2_932_897));
      assertThat(Timestamps.epochDay(date.getYear(), date.getMonthValue(), date.getDayOfMonth()))
          .as(date.toString())
          .isEqualTo(date.toEpochDay());
    }
  }
}
