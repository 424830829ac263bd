package io.citypulse.app.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryWatcherTest {
  @TempDir
  Path dir;

  @Test
  void aFileIsReadyWhenUnchangedOverTwoScansAndOnlyOnce() throws Exception {
    DirectoryWatcher watcher = new DirectoryWatcher(dir);
    Path file = Files.writeString(dir.resolve("a.csv"), "location\n");

    assertThat(watcher.scan()).isEmpty();
    Files.writeString(file, "location\ndakar\n"); // still being copied
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-01T00:00:00Z")));
    assertThat(watcher.scan()).isEmpty();
    assertThat(watcher.scan()).containsExactly(file);
    assertThat(watcher.scan()).isEmpty();

    watcher.forget(file);
    assertThat(watcher.scan()).containsExactly(file);
  }

  @Test
  void aFileReplacedAfterItsImportIsReadyAgain() throws Exception {
    DirectoryWatcher watcher = new DirectoryWatcher(dir);
    Path file = Files.writeString(dir.resolve("a.csv"), "location\n");
    watcher.scan();
    assertThat(watcher.scan()).containsExactly(file);

    Files.writeString(file, "location\nthies\n");
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-12-02T00:00:00Z")));
    assertThat(watcher.scan()).isEmpty();
    assertThat(watcher.scan()).containsExactly(file);
  }

  @Test
  void subdirectoriesDotfilesAndTemporaryFilesAreIgnored() throws Exception {
    DirectoryWatcher watcher = new DirectoryWatcher(dir);
    Files.createDirectory(dir.resolve("sub.csv"));
    Files.writeString(dir.resolve(".hidden.csv"), "x");
    Files.writeString(dir.resolve("copy.csv.part"), "x");
    Files.writeString(dir.resolve("b.csv.tmp"), "x");
    Files.writeString(dir.resolve("b.csv~"), "x");
    Path good = Files.writeString(dir.resolve("good.jsonl"), "{}");

    watcher.scan();
    assertThat(watcher.scan()).containsExactly(good);
    assertThat(DirectoryWatcher.ignored("x.crdownload")).isTrue();
    assertThat(DirectoryWatcher.ignored("weather.xlsx")).isFalse();
  }
}
