package io.citypulse.app.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ledger's file identity and what an import does given a file's entry. */
class LedgerLogicTest {
  @TempDir
  Path dir;

  private static LedgerEntry entry(long rowsDone, boolean finished) {
    return new LedgerEntry(
        "id",
        "f.csv",
        "weather",
        "topic-weather",
        rowsDone,
        rowsDone,
        0,
        0,
        finished,
        Instant.parse("2026-12-01T00:00:00Z"));
  }

  @Test
  void aNewFileStartsAPartialOneResumesAFinishedOneIsSkippedUnlessForced() {
    assertThat(LedgerEntry.decide(null, false)).isInstanceOf(LedgerEntry.Decision.Start.class);
    assertThat(LedgerEntry.decide(entry(20_000, false), false))
        .isEqualTo(new LedgerEntry.Decision.Resume(20_000));
    assertThat(LedgerEntry.decide(entry(20_000, false), true))
        .as("forcing must not duplicate the committed rows of an unfinished import")
        .isEqualTo(new LedgerEntry.Decision.Resume(20_000));
    assertThat(LedgerEntry.decide(entry(0, false), false))
        .isInstanceOf(LedgerEntry.Decision.Start.class);
    assertThat(LedgerEntry.decide(entry(30_000, true), false))
        .isInstanceOf(LedgerEntry.Decision.Skip.class);
    assertThat(LedgerEntry.decide(entry(30_000, true), true))
        .isInstanceOf(LedgerEntry.Decision.Start.class);
  }

  @Test
  void theIdentityFollowsTheContentNotThePath() throws Exception {
    byte[] content = "location,observed_at\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
    Path a = Files.write(dir.resolve("a.csv"), content);
    Path b = Files.write(dir.resolve("renamed.csv"), content);

    assertThat(FileIdentity.ofFile(a)).isEqualTo(FileIdentity.ofFile(b));
    assertThat(FileIdentity.ofFile(a).id()).hasSize(64);
  }

  @Test
  void anAppendedOrEditedFileIsAnotherFile() throws Exception {
    byte[] content = "location,observed_at\n".repeat(10_000).getBytes(StandardCharsets.UTF_8);
    Path original = Files.write(dir.resolve("a.csv"), content);
    FileIdentity before = FileIdentity.ofFile(original);

    byte[] editedTail = content.clone();
    editedTail[editedTail.length - 2] = 'X';
    byte[] editedHead = content.clone();
    editedHead[3] = 'X';

    assertThat(FileIdentity.ofFile(Files.write(dir.resolve("b.csv"), editedTail)))
        .isNotEqualTo(before);
    assertThat(FileIdentity.ofFile(Files.write(dir.resolve("c.csv"), editedHead)))
        .isNotEqualTo(before);
    Files.writeString(dir.resolve("d.csv"), new String(content, StandardCharsets.UTF_8) + "x\n");
    assertThat(FileIdentity.ofFile(dir.resolve("d.csv"))).isNotEqualTo(before);
  }

  @Test
  void anImportIsKnownByTheFileAndTheTopicItsRowsGoTo() {
    FileIdentity file = FileIdentity.of(3, "a,b".getBytes(), new byte[0]);

    assertThat(file.into("topic-weather", "WEATHER"))
        .isEqualTo(file.into("topic-weather", "WEATHER"))
        .isNotEqualTo(file.into("weather-copy", "WEATHER"))
        .isNotEqualTo(file.into("topic-weather", "STATIONS"))
        .isNotEqualTo(file);
  }

  @Test
  void aSmallFileIsHashedWhole() throws Exception {
    Path small = Files.writeString(dir.resolve("s.csv"), "a\n1\n");
    byte[] bytes = Files.readAllBytes(small);
    assertThat(FileIdentity.ofFile(small)).isEqualTo(FileIdentity.of(bytes.length, bytes, bytes));
  }

  @Test
  void aUrlIdentityDependsOnTheUrlTheLengthAndTheHead() {
    byte[] head = "location\n".getBytes(StandardCharsets.UTF_8);
    FileIdentity one = FileIdentity.ofUrl("https://example.org/a.csv", 100, head);
    assertThat(FileIdentity.ofUrl("https://example.org/a.csv", 100, head)).isEqualTo(one);
    assertThat(FileIdentity.ofUrl("https://example.org/b.csv", 100, head)).isNotEqualTo(one);
    assertThat(FileIdentity.ofUrl("https://example.org/a.csv", 101, head)).isNotEqualTo(one);
  }
}
