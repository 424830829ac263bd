package io.citypulse.files;

import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherObservation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small hand-made records and helpers shared by the tests. */
final class Fixtures {
  private Fixtures() {}

  static final Instant T0 = Instant.parse("2025-10-18T12:00:00Z");

  static List<WeatherObservation> observations() {
    return List.of(
        new WeatherObservation(
            "dakar",
            "Dakar",
            "SN",
            14.6928,
            -17.4467,
            T0,
            0,
            29.5,
            33.25,
            78.0,
            1012.4,
            4.1,
            310.0,
            6.2,
            40.0,
            0.0,
            "800",
            "clear sky",
            "openweathermap",
            T0.plusSeconds(42)),
        new WeatherObservation(
            "thies",
            "Thiès",
            "SN",
            14.7886,
            -16.926,
            Instant.parse("2025-10-18T12:00:00.125Z"),
            null,
            -3.75,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            null,
            "ciel \"dégagé\", venteux; ligne\ndeux",
            "tomorrow.io",
            null),
        new WeatherObservation(
            "ziguinchor",
            "Ziguinchor",
            null,
            null,
            null,
            Instant.parse("1999-12-31T23:59:59Z"),
            -3600,
            1.0E7,
            -0.001,
            100.0,
            980.0,
            0.5,
            0.0,
            null,
            12.5,
            123.456789,
            "1001",
            null,
            null,
            T0));
  }

  static List<StationRecord> stations() {
    return List.of(
        new StationRecord(
            "velib",
            "16107",
            "213688169",
            "Benjamin Godard - Victor Hugo",
            48.865983,
            2.275725,
            35,
            "75016",
            "Paris",
            3,
            1,
            2,
            30,
            true,
            true,
            false,
            Instant.parse("2025-10-18T11:59:30Z"),
            T0),
        new StationRecord(
            "velib",
            "6015",
            null,
            "Saint-Germain-des-Prés",
            null,
            null,
            null,
            "UNKNOWN",
            null,
            0,
            null,
            null,
            null,
            false,
            false,
            true,
            null,
            null));
  }

  /** Writes the rows with the given format and returns the bytes. */
  static byte[] write(
      FileFormat format, List<String> columns, List<? extends java.util.Map<String, ?>> rows) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (RecordWriter writer = RecordWriter.open(format, out, columns)) {
      rows.forEach(writer::write);
    }
    return out.toByteArray();
  }

  /** Reads every row (error rows included). */
  static List<Row> readAll(FileFormat format, byte[] bytes) {
    return readAll(format, new ByteArrayInputStream(bytes), ReadOptions.defaults());
  }

  static List<Row> readAll(FileFormat format, String text) {
    return readAll(format, text.getBytes(StandardCharsets.UTF_8));
  }

  static List<Row> readAll(FileFormat format, java.io.InputStream in, ReadOptions options) {
    List<Row> rows = new ArrayList<>();
    try (RecordReader reader = RecordReader.open(format, in, options)) {
      for (Row row = reader.next(); row != null; row = reader.next()) {
        rows.add(row);
      }
    }
    return rows;
  }
}
