package io.citypulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {
  private static final String VM = "OpenJDK 64-Bit Server VM";

  @TempDir
  Path dir;

  private Path jar() throws Exception {
    return Files.writeString(dir.resolve("citypulse.jar"), "jar bytes");
  }

  private ClassDataArchive archive(Map<String, String> env) throws Exception {
    return ClassDataArchive.locate(jar(), env, List.of(), VM, "17.0.15", dir.toString(), 7)
        .orElseThrow();
  }

  @Test
  void recordsOnTheFirstLaunchThenMapsTheArchive() throws Exception {
    ClassDataArchive archive =
        archive(Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString()));
    assertThat(archive.archive()).startsWithRaw(dir.resolve("cache").resolve("citypulse"));

    List<String> first = archive.jvmOptions();
    assertThat(first.get(0)).startsWith("-XX:ArchiveClassesAtExit=").endsWith(".7.tmp");
    assertThat(first).contains("-Xlog:cds=off");

    Path recorded = Path.of(first.get(0).substring("-XX:ArchiveClassesAtExit=".length()));
    Files.writeString(recorded, "classes");
    archive.publish();

    assertThat(archive.archive()).hasContent("classes");
    assertThat(recorded).doesNotExist();
    assertThat(archive.jvmOptions().get(0)).isEqualTo("-XX:SharedArchiveFile=" + archive.archive());
  }

  @Test
  void nothingIsPublishedWhenTheJvmRecordedNothing() throws Exception {
    ClassDataArchive archive = archive(Map.of());
    archive.jvmOptions();
    archive.publish();

    assertThat(archive.archive()).doesNotExist();
    assertThat(archive.archive()).startsWithRaw(dir.resolve(".cache").resolve("citypulse"));
  }

  @Test
  void offWhenDisabledOrTheJvmAlreadyChoseOrIsNotHotSpot() throws Exception {
    Path jar = jar();
    assertThat(ClassDataArchive.locate(
            jar, Map.of("CITYPULSE_CDS", "off"), List.of(), VM, "17", "/h", 1))
        .isEmpty();
    assertThat(ClassDataArchive.locate(jar, Map.of(), List.of("-Xshare:off"), VM, "17", "/h", 1))
        .isEmpty();
    assertThat(
            ClassDataArchive.locate(jar, Map.of(), List.of(), "Eclipse OpenJ9 VM", "17", "/h", 1))
        .isEmpty();
  }

  @Test
  void anotherJarOrJvmGetsAnotherArchive() throws Exception {
    Path jar = jar();
    Path a = ClassDataArchive.locate(jar, Map.of(), List.of(), VM, "17.0.15", "/h", 1)
        .orElseThrow()
        .archive();
    Path b = ClassDataArchive.locate(jar, Map.of(), List.of(), VM, "25.0.1", "/h", 1)
        .orElseThrow()
        .archive();
    Files.writeString(jar, "rebuilt jar, other size");
    Path c = ClassDataArchive.locate(jar, Map.of(), List.of(), VM, "17.0.15", "/h", 1)
        .orElseThrow()
        .archive();

    assertThat(a).isNotEqualTo(b).isNotEqualTo(c);
  }
}
