package io.citypulse.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateLogReaderTest {

  @Test
  void readsEveryRowOfTheFixtureAndIgnoresExtraColumns() {
    StateLogReader.Result result = Fixture.read(Fixture.CSV);

    assertThat(result.rowsRead()).isEqualTo(12);
    assertThat(result.badRows()).isZero();
    assertThat(result.log().rows()).isEqualTo(12);
    assertThat(result.log().stations()).containsOnlyKeys("A", "B");
    // A's rows were out of order in the file: sorted by time
    assertThat(result.log().station("A").state(1).bikes()).isEqualTo(3);
    assertThat(result.log().start()).isEqualTo(Fixture.MON);
    assertThat(result.log().end()).isEqualTo(Fixture.MON + 48 * Fixture.HOUR);
  }

  @Test
  void readsGzippedCsvFromAFile(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("states.csv.gz");
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      out.write(Fixture.CSV.getBytes(StandardCharsets.UTF_8));
    }

    StateLogReader.Result result = StateLogReader.read(file);

    assertThat(result.log().rows()).isEqualTo(12);
    assertThat(
            result.log().station("B").stateAt(Fixture.MON + 12 * Fixture.HOUR).bikes())
        .isEqualTo(4);
  }

  @Test
  void countsBadRowsWithTheirLines() {
    String csv = String.join(
        "\n",
        "station_code,time,bikes_available,docks_available,capacity",
        "A,2024-01-01T00:00:00Z,5,5,10",
        "A,yesterday,5,5,10",
        "A,2024-01-01T01:00:00Z,five,5,10",
        "A,2024-01-01T02:00:00Z,-1,5,10",
        ",2024-01-01T03:00:00Z,1,5,10",
        "A,2024-01-01T04:00:00,1,5,10",
        "A,2024-01-01T05:00:00+02:00,1,5,",
        "A,2024-01-01T06:00:00+02:00,2,4,6");

    StateLogReader.Result result = Fixture.read(csv);

    assertThat(result.rowsRead()).isEqualTo(8);
    assertThat(result.badRows()).isEqualTo(6);
    assertThat(result.errors())
        .containsExactly(
            "line 3: time 'yesterday' is not an ISO-8601 time with Z or an offset",
            "line 4: bikes_available 'five' is not a whole number",
            "line 5: bikes_available -1 is negative",
            "line 6: no station_code",
            "line 7: time '2024-01-01T04:00:00' is not an ISO-8601 time with Z or an offset",
            "line 8: no capacity");
    // the offset is honoured: 06:00+02:00 is 04:00Z
    assertThat(result.log().station("A").state(1).time()).isEqualTo(Fixture.MON + 4 * Fixture.HOUR);
  }

  @Test
  void readsPerTypeCountsWhenPresent() {
    String csv = "station_code,time,bikes_available,docks_available,capacity,mechanical,ebike\n"
        + "S,2024-01-01T00:00:00Z,5,5,10,3,2\n"
        + "S,2024-01-01T01:00:00Z,5,5,10,,\n";

    StateLog log = Fixture.read(csv).log();

    assertThat(log.station("S").state(0)).isEqualTo(new StationState(Fixture.MON, 5, 5, 10, 3, 2));
    assertThat(log.station("S").state(1).mechanical()).isEqualTo(-1);
  }

  @Test
  void aMissingColumnIsNamed(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("states.csv");
    Files.writeString(file, "station_code;time;bikes_available\nA;2024-01-01T00:00:00Z;1\n");

    assertThatThrownBy(() -> StateLogReader.read(file))
        .isInstanceOf(StateLogException.class)
        .hasMessageContaining("missing columns docks_available, capacity")
        .hasMessageContaining("this one has station_code,time,bikes_available");
  }

  @Test
  void anEmptyFileIsAnError(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("states.csv");
    Files.writeString(file, "");

    assertThatThrownBy(() -> StateLogReader.read(file))
        .isInstanceOf(StateLogException.class)
        .hasMessageContaining("the file is empty");
  }
}
