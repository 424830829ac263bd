package io.citypulse.searchnode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {
  @TempDir
  Path dir;

  @Test
  void theFirstNodeRecordsTheArchiveTheNextOnesUseIt() throws IOException {
    Path jar = Files.writeString(dir.resolve("citypulse-opensearch.jar"), "jar");
    Path home = dir.resolve("home");
    ClassDataArchive classes = ClassDataArchive.of(jar, home);
    Path recording = classes.recording();

    assertThat(classes.jvmOptions())
        .containsExactly("-XX:ArchiveClassesAtExit=" + recording, "-Xlog:cds*=off");

    Files.writeString(recording, "classes"); // as the child does at exit
    classes.adopt();

    assertThat(classes.archive()).hasContent("classes");
    assertThat(recording).doesNotExist();
    assertThat(ClassDataArchive.of(jar, home).jvmOptions())
        .containsExactly("-XX:SharedArchiveFile=" + classes.archive(), "-Xlog:cds*=off");
  }

  @Test
  void eachChildRecordsToAFileOfItsOwnAndAFailedOneLeavesNothing() throws IOException {
    Path jar = Files.writeString(dir.resolve("citypulse-opensearch.jar"), "jar");
    Path home = dir.resolve("home");
    ClassDataArchive first = ClassDataArchive.of(jar, home);
    ClassDataArchive second = ClassDataArchive.of(jar, home);
    first.jvmOptions();
    second.jvmOptions();
    Files.writeString(second.recording(), "refused child's classes");

    second.discard();

    assertThat(second.recording()).isNotEqualTo(first.recording()).doesNotExist();
    assertThat(second.archive()).isEqualTo(first.archive());
  }

  @Test
  void aNodeKilledWhileRecordingLeavesNoArchive() throws IOException {
    Path jar = Files.writeString(dir.resolve("citypulse-opensearch.jar"), "jar");
    ClassDataArchive classes = ClassDataArchive.of(jar, dir.resolve("home"));
    classes.jvmOptions();

    classes.adopt(); // nothing recorded: nothing adopted

    assertThat(classes.archive()).doesNotExist();
  }

  @Test
  void aNewBuildOfTheJarRecordsAnewAndDropsTheOldArchive() throws IOException {
    Path jar = Files.writeString(dir.resolve("citypulse-opensearch.jar"), "jar");
    Path home = dir.resolve("home");
    ClassDataArchive old = ClassDataArchive.of(jar, home);
    old.jvmOptions();
    Files.writeString(old.recording(), "classes");
    old.adopt();

    Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));
    ClassDataArchive rebuilt = ClassDataArchive.of(jar, home);

    assertThat(rebuilt.archive()).isNotEqualTo(old.archive());
    assertThat(rebuilt.jvmOptions().get(0)).startsWith("-XX:ArchiveClassesAtExit=");
    assertThat(old.archive()).doesNotExist();
  }
}
