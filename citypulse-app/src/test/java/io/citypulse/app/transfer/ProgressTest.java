package io.citypulse.app.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final StringWriter text = new StringWriter();

  @Test
  void theLineShowsBytesOfTotalRowsAndRate() {
    assertThat(Progress.line("w.csv", 12_300_000, 1_070_000_000, 120_000, "rows", 2_000_000_000L))
        .isEqualTo("w.csv: 12.3 MB / 1.07 GB (1%), 120000 rows, 60000 rows/s");
    assertThat(Progress.line("w.csv", 512, -1, 3, "rows", 0)).isEqualTo("w.csv: 512 B, 3 rows");
    assertThat(Progress.line("export t", -1, 10, 5, "records", 1_000_000_000L))
        .isEqualTo("export t: 5 records, 5 records/s");
    assertThat(Progress.bytes(1_500)).isEqualTo("1.50 kB");
  }

  @Test
  void offATerminalALineIsPrintedEveryTenSeconds() {
    Progress progress =
        new Progress(new PrintWriter(text), false, false, now::get, "f.csv", "rows");
    progress.update(10, 100, 1);
    now.addAndGet(9_000_000_000L);
    progress.update(20, 100, 2);
    assertThat(text.toString()).isEmpty();
    now.addAndGet(1_000_000_000L);
    progress.update(30, 100, 3);
    now.addAndGet(1_000_000_000L);
    progress.update(40, 100, 4);

    assertThat(text.toString().lines())
        .containsExactly("f.csv: 30 B / 100 B (30%), 3 rows, 0 rows/s");
  }

  @Test
  void onATerminalTheLineIsRewrittenInPlaceAndClearedAtTheEnd() {
    Progress progress = new Progress(new PrintWriter(text), true, false, now::get, "f.csv", "rows");
    now.addAndGet(1_000_000_000L);
    progress.update(30, 100, 3_000);
    now.addAndGet(1_000_000_000L);
    progress.update(60, 100, 6_000);
    progress.finish();

    assertThat(text.toString())
        .startsWith("\rf.csv: 30 B / 100 B (30%), 3000 rows, 3000 rows/s\rf.csv: 60 B")
        .doesNotContain("\n")
        .endsWith("\r");
  }

  @Test
  void quietPrintsNothing() {
    Progress progress = new Progress(new PrintWriter(text), true, true, now::get, "f", "rows");
    now.addAndGet(60_000_000_000L);
    progress.update(1, 2, 3);
    progress.finish();
    assertThat(text.toString()).isEmpty();
  }
}
