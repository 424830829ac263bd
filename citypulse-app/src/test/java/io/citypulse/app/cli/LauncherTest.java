package io.citypulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LauncherTest {
  private static final Path JAR = Path.of("/opt/citypulse.jar");

  @Test
  void onlyRunAndDemoGetTheirOwnJvm() {
    assertThat(Launcher.isHeavy(new String[] {"run", "--stations", "all"})).isTrue();
    assertThat(Launcher.isHeavy(new String[] {"demo"})).isTrue();
    assertThat(Launcher.isHeavy(new String[] {"demo", "--help"})).isFalse();
    assertThat(Launcher.isHeavy(new String[] {"tail", "velib-projet"})).isFalse();
    assertThat(Launcher.isHeavy(new String[] {"config"})).isFalse();
    assertThat(Launcher.isHeavy(new String[] {})).isFalse();
  }

  @Test
  void boundsTheHeapAndForwardsOptionsAndArguments() {
    List<String> command = Launcher.childCommand(
        "/usr/bin/java",
        List.of("-Dfoo=bar"),
        Map.of(),
        JAR,
        new String[] {"run", "--stations", "all"},
        42);

    assertThat(command)
        .containsExactly(
            "/usr/bin/java",
            "-Xmx" + Launcher.DEFAULT_HEAP,
            Launcher.DEFAULT_GC,
            "-Dfoo=bar",
            "-Dcitypulse.launcher.pid=42",
            "-jar",
            "/opt/citypulse.jar",
            "run",
            "--stations",
            "all");
  }

  @Test
  void theUsersHeapWins() {
    assertThat(Launcher.childCommand(
            "java", List.of("-Xmx2g"), Map.of(), JAR, new String[] {"demo"}, 1))
        .contains("-Xmx2g")
        .doesNotContain("-Xmx" + Launcher.DEFAULT_HEAP);
    assertThat(Launcher.childCommand(
            "java", List.of(), Map.of("CITYPULSE_HEAP", "1g"), JAR, new String[] {"demo"}, 1))
        .contains("-Xmx1g");
    assertThat(Launcher.childCommand(
            "java",
            List.of(),
            Map.of("CITYPULSE_JAVA_OPTS", " -XX:+UseG1GC  -Xmx600m "),
            JAR,
            new String[] {"demo"},
            1))
        .contains("-XX:+UseG1GC", "-Xmx600m")
        .doesNotContain("-Xmx" + Launcher.DEFAULT_HEAP, Launcher.DEFAULT_GC);
  }
}
