package io.citypulse.bench.world;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorldFileServerTest {
  @TempDir
  Path dir;

  @Test
  void servesRegularFilesUnderTheRootOnly() throws Exception {
    Path root = Files.createDirectories(dir.resolve("world")).toRealPath();
    Path feed = Files.writeString(
        Files.createDirectories(root.resolve("sim-0001")).resolve("gbfs.json"), "{}");
    Path secret = Files.writeString(dir.resolve("secret.json"), "{}");
    Files.createSymbolicLink(root.resolve("link.json"), secret);
    Files.createSymbolicLink(root.resolve("out"), dir);

    assertThat(WorldFileServer.resolve(root, "/sim-0001/gbfs.json")).contains(feed);
    assertThat(WorldFileServer.resolve(root, "/sim-0001/../sim-0001/gbfs.json")).contains(feed);
    assertThat(WorldFileServer.resolve(root, "/../secret.json")).isEmpty();
    assertThat(WorldFileServer.resolve(root, "/sim-0001/../../secret.json")).isEmpty();
    assertThat(WorldFileServer.resolve(root, "/link.json")).isEmpty();
    assertThat(WorldFileServer.resolve(root, "/out/secret.json")).isEmpty();
    assertThat(WorldFileServer.resolve(root, "/sim-0001")).isEmpty();
    assertThat(WorldFileServer.resolve(root, "/")).isEmpty();
    assertThat(WorldFileServer.resolve(root, "/missing.json")).isEmpty();
    assertThat(WorldFileServer.resolve(root, "relative.json")).isEmpty();
    assertThat(WorldFileServer.resolve(root, "/a\0b")).isEmpty();
  }

  @Test
  void jsonIsApplicationJson() {
    assertThat(WorldFileServer.contentType(Path.of("station_status.json")))
        .isEqualTo("application/json");
    assertThat(WorldFileServer.contentType(Path.of("systems.csv"))).startsWith("text/csv");
  }
}
