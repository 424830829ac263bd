package io.citypulse.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherObservation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Whatever a writer writes, the matching reader gives back: export → import is lossless. */
class RoundTripTest {

  @ParameterizedTest
  @EnumSource(FileFormat.class)
  void weatherObservationsComeBackEqual(FileFormat format) {
    List<WeatherObservation> written = Fixtures.observations();
    byte[] file = Fixtures.write(
        format, WeatherRows.COLUMNS, written.stream().map(WeatherRows::toRow).toList());

    List<Row> rows = Fixtures.readAll(format, file);

    assertThat(rows).extracting(Row::error).containsOnlyNulls();
    List<WeatherObservation> read = new ArrayList<>();
    for (Row row : rows) {
      RowResult<WeatherObservation> result = WeatherRows.fromRow(row.fields());
      assertThat(result).as(row.label()).isInstanceOf(RowResult.Ok.class);
      read.add(((RowResult.Ok<WeatherObservation>) result).value());
    }
    assertThat(read).containsExactlyElementsOf(written);
  }

  @ParameterizedTest
  @EnumSource(FileFormat.class)
  void fieldValuesComeBackAsWritten(FileFormat format) {
    byte[] file = Fixtures.write(
        format,
        WeatherRows.COLUMNS,
        Fixtures.observations().stream().map(WeatherRows::toRow).toList());

    Map<String, String> third = Fixtures.readAll(format, file).get(2).fields();

    assertThat(third)
        .containsEntry("temperature_c", "10000000")
        .containsEntry("feels_like_c", "-0.001")
        .containsEntry("utc_offset_seconds", "-3600")
        .containsEntry("humidity_pct", "100")
        .containsEntry("observed_at", "1999-12-31T23:59:59Z")
        .containsEntry("weather_code", "1001")
        .doesNotContainKeys("country", "lat", "wind_gust_ms", "source");
  }

  @ParameterizedTest
  @EnumSource(FileFormat.class)
  void stationRecordsComeBackEqual(FileFormat format) {
    List<StationRecord> written = Fixtures.stations();
    byte[] file = Fixtures.write(
        format, StationRows.COLUMNS, written.stream().map(StationRows::toRow).toList());

    List<StationRecord> read = Fixtures.readAll(format, file).stream()
        .map(row -> StationRows.fromRow(row.fields()))
        .map(result -> ((RowResult.Ok<StationRecord>) result).value())
        .toList();

    assertThat(read).containsExactlyElementsOf(written);
    assertThat(Fixtures.readAll(format, file).get(0).fields())
        .containsEntry("is_returning", "false");
  }

  @ParameterizedTest
  @EnumSource(FileFormat.class)
  void gzipRoundTrip(FileFormat format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    WriteOptions options = WriteOptions.forFile("export." + format.id() + ".gz");
    try (RecordWriter writer = RecordWriter.open(format, out, WeatherRows.COLUMNS, options)) {
      Fixtures.observations().forEach(o -> writer.write(WeatherRows.toRow(o)));
      assertThat(writer.count()).isEqualTo(3);
    }
    byte[] file = out.toByteArray();
    assertThat(file[0] & 0xff).isEqualTo(0x1f); // gzip magic
    assertThat(file[1] & 0xff).isEqualTo(0x8b);

    List<Row> rows;
    try (RecordReader reader = RecordReader.open(
        format,
        new ByteArrayInputStream(file),
        ReadOptions.forFile("export." + format.id() + ".gz"))) {
      rows = new ArrayList<>();
      for (Row row = reader.next(); row != null; row = reader.next()) {
        rows.add(row);
      }
      assertThat(reader.bytesRead()).isEqualTo(file.length);
    }
    assertThat(rows).hasSize(3);
    assertThat(rows.get(1).fields()).containsEntry("city", "Thiès");
  }
}
