package io.citypulse.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/**
 * Reads a few hundred thousand generated rows from a stream that makes them on demand: the file
 * never exists whole, in memory or on disk, so only a streaming reader gets through it (the test
 * JVM's heap would not hold them all as rows anyway if they were kept; they are only counted).
 */
class StreamingTest {
  private static final int ROWS = 300_000;

  /** An InputStream of a header then {@code rows} generated lines, made as they are read. */
  static final class GeneratedInput extends InputStream {
    private final LongFunction<String> line;
    private final long rows;
    private long next = -1;
    private byte[] current = new byte[0];
    private int position;

    GeneratedInput(String header, LongFunction<String> line, long rows) {
      this.line = line;
      this.rows = rows;
      this.current = header.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (position == current.length) {
        next++;
        if (next >= rows) {
          return -1;
        }
        current = line.apply(next).getBytes(StandardCharsets.UTF_8);
        position = 0;
      }
      int n = Math.min(length, current.length - position);
      System.arraycopy(current, position, buffer, offset, n);
      position += n;
      return n;
    }
  }

  private static long[] countRows(FileFormat format, InputStream in) {
    long rows = 0;
    long errors = 0;
    long lastPosition = 0;
    long bytes;
    try (RecordReader reader = RecordReader.open(format, in)) {
      for (Row row = reader.next(); row != null; row = reader.next()) {
        rows++;
        if (row.isError()) {
          errors++;
        } else {
          assertThat(WeatherRows.fromRow(row.fields())).isInstanceOf(RowResult.Ok.class);
        }
        lastPosition = row.position();
      }
      bytes = reader.bytesRead();
    }
    return new long[] {rows, errors, lastPosition, bytes};
  }

  @Test
  void csvOfManyRows() {
    GeneratedInput in = new GeneratedInput(
        "location,observed_at,temperature_c,city\n",
        i -> "loc" + i + "," + (1_700_000_000L + i) + "," + (i % 50 - 10) + ".5,Thiès\n",
        ROWS);

    long[] counts = countRows(FileFormat.CSV, in);

    assertThat(counts[0]).isEqualTo(ROWS);
    assertThat(counts[1]).isZero();
    assertThat(counts[2]).as("last physical line").isEqualTo(ROWS + 1);
    assertThat(counts[3]).as("bytes read").isGreaterThan(ROWS * 30L);
  }

  @Test
  void jsonLinesOfManyRowsWithABadLineEveryThousand() {
    GeneratedInput in = new GeneratedInput(
        "",
        i -> i % 1000 == 999
            ? "not json\n"
            : "{\"location\":\"loc" + i + "\",\"observed_at\":\"2025-10-18T12:00:00Z\",\"lat\":"
                + (i % 90) + ".25}\n",
        ROWS);

    long[] counts = countRows(FileFormat.JSONL, in);

    assertThat(counts[0]).isEqualTo(ROWS);
    assertThat(counts[1]).isEqualTo(ROWS / 1000);
    assertThat(counts[2]).isEqualTo(ROWS);
  }

  @Test
  void jsonArrayOfManyRows() {
    GeneratedInput in = new GeneratedInput(
        "[",
        i -> (i == 0 ? "" : ",") + "{\"location\":\"l" + i + "\",\"observed_at\":" + i + "}"
            + (i == ROWS - 1 ? "]" : ""),
        ROWS);

    assertThat(countRows(FileFormat.JSON, in)[0]).isEqualTo(ROWS);
  }

  @Test
  void yamlBeyondSnakeYamlsDefaultThreeMegabyteLimit() {
    int rows = 100_000; // about 6 MB of YAML
    GeneratedInput in = new GeneratedInput(
        "", i -> "- location: \"loc" + i + "\"\n  observed_at: \"2025-10-18T12:00:00Z\"\n", rows);

    long[] counts = countRows(FileFormat.YAML, in);

    assertThat(counts[3]).isGreaterThan(3L * 1024 * 1024);
    assertThat(counts[0]).isEqualTo(rows);
    assertThat(counts[1]).isZero();
  }
}
