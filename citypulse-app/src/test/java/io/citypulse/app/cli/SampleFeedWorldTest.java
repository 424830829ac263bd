package io.citypulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.StationInformation;
import io.citypulse.model.StationStatus;
import io.citypulse.sources.gbfs.FeedSnapshot;
import io.citypulse.sources.gbfs.GbfsDiscovery;
import io.citypulse.sources.gbfs.GbfsParser;
import io.citypulse.sources.gbfs.VehicleTypes;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sample-feed --systems}: a world of generated systems and its catalogue, no server. */
class SampleFeedWorldTest {
  private static final String BASE = "http://127.0.0.1:8000/";
  private static final String HEADER = "Country Code,Name,Location,System ID,URL,"
      + "Auto-Discovery URL,Supported Versions,Authentication Info URL,Authentication Type,"
      + "Authentication Parameter Name";

  @TempDir
  Path dir;

  private static int run(StringWriter out, StringWriter err, String... args) {
    return CitypulseCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
  }

  private static void world(Path out, String... more) {
    List<String> args =
        new ArrayList<>(List.of("sample-feed", "--systems", "20", "--out", out.toString()));
    args.addAll(List.of(more));
    StringWriter err = new StringWriter();
    assertThat(run(new StringWriter(), err, args.toArray(String[]::new)))
        .as(err.toString())
        .isZero();
  }

  @Test
  void everySystemHasADiscoveryFileWhoseFeedsAreFilesUnderTheDirectory() throws Exception {
    StringWriter out = new StringWriter();
    assertThat(run(
            out,
            new StringWriter(),
            "sample-feed",
            "--systems",
            "20",
            "--out",
            dir.toString(),
            "--base-url",
            BASE))
        .isZero();

    List<List<String>> rows = csv(Files.readString(dir.resolve("systems.csv")));
    assertThat(String.join(",", rows.get(0))).isEqualTo(HEADER);
    List<List<String>> systems = rows.subList(1, rows.size());
    assertThat(systems).hasSize(20).allSatisfy(row -> assertThat(row).hasSize(10));
    Set<String> ids = systems.stream().map(row -> row.get(3)).collect(Collectors.toSet());
    assertThat(ids).hasSize(20).contains("sim-0001", "sim-0020");
    for (List<String> row : systems) {
      URI discoveryUrl = URI.create(row.get(5));
      assertThat(discoveryUrl).isEqualTo(URI.create(BASE + row.get(3) + "/gbfs.json"));
      Path discoveryFile = local(discoveryUrl);
      assertThat(discoveryFile).exists();
      GbfsDiscovery discovery =
          GbfsDiscovery.parse(Files.readAllBytes(discoveryFile), discoveryUrl, "en");
      assertThat(discovery.feeds()).containsKeys("station_information", "station_status");
      for (URI feed : discovery.feeds().values()) {
        assertThat(local(feed)).as(feed.toString()).exists();
      }
      List<String> versions = List.of(row.get(6).split(" ; "));
      assertThat(versions.get(versions.size() - 1)).isEqualTo(discovery.version());
    }
    assertThat(systems.stream().map(row -> row.get(6)).collect(Collectors.toSet()))
        .as("the last Supported Version of each system")
        .anySatisfy(v -> assertThat(v).endsWith("1.0"))
        .anySatisfy(v -> assertThat(v).endsWith("1.1"))
        .anySatisfy(v -> assertThat(v).endsWith("2.2"))
        .anySatisfy(v -> assertThat(v).endsWith("2.3"))
        .anySatisfy(v -> assertThat(v).endsWith("3.0"))
        .anySatisfy(v -> assertThat(v).contains(" ; "));
    assertThat(systems.stream().filter(row -> !row.get(8).isEmpty()))
        .singleElement()
        .satisfies(row -> assertThat(row.subList(7, 10)).doesNotContain("").contains("api_key"));
    assertThat(systems.stream().map(row -> row.get(1)))
        .as("names with commas or quotes, read back whole")
        .anySatisfy(name -> assertThat(name).containsAnyOf(",", "\""));
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files.filter(f -> f.toString().endsWith(".tmp"))).isEmpty();
    }
    assertThat(out.toString()).contains("20 systems").contains("python3 -m http.server 8000 -d");
  }

  /** A few systems of every version, read back from the files by the project's GBFS readers. */
  @Test
  void theGeneratedSystemsParseWithNoReject() throws Exception {
    world(dir, "--minutes", "10");
    for (String id : List.of("sim-0001", "sim-0002", "sim-0004", "sim-0006", "sim-0008")) {
      Path system = dir.resolve(id);
      Path types = system.resolve("vehicle_types.json");
      VehicleTypes vehicleTypes = Files.exists(types)
          ? VehicleTypes.of(GbfsParser.vehicleTypes(Files.readAllBytes(types)).items())
          : VehicleTypes.NONE;
      FeedSnapshot<StationInformation> info = GbfsParser.stationInformation(
          Files.readAllBytes(system.resolve("station_information.json")), "en");
      FeedSnapshot<StationStatus> status = GbfsParser.stationStatus(
          Files.readAllBytes(system.resolve("station_status.json")), vehicleTypes);

      assertThat(info.rejects()).as(id).isEmpty();
      assertThat(status.rejects()).as(id).isEmpty();
      assertThat(status.items()).as(id).isNotEmpty().hasSameSizeAs(info.items());
      assertThat(status.ttlSeconds()).as(id).isBetween(10, 60);
    }
  }

  @Test
  void theSameSeedWritesTheSameBytes() throws Exception {
    world(dir.resolve("a"));
    world(dir.resolve("b"));
    world(dir.resolve("c"), "--seed", "43");

    Map<String, byte[]> a = files(dir.resolve("a"));
    Map<String, byte[]> b = files(dir.resolve("b"));
    assertThat(a.keySet()).isEqualTo(b.keySet()).contains("systems.csv", "sim-0007/gbfs.json");
    a.forEach((name, body) -> assertThat(b.get(name)).as(name).isEqualTo(body));
    assertThat(Files.readString(dir.resolve("c/systems.csv")))
        .isNotEqualTo(Files.readString(dir.resolve("a/systems.csv")));
  }

  @Test
  void laterMinutesChangeAvailabilityNotSystemsOrStations() throws Exception {
    Path first = dir.resolve("first");
    Path later = dir.resolve("later");
    world(first);
    world(later, "--minutes", "30");

    assertThat(Files.readString(later.resolve("systems.csv")))
        .isEqualTo(Files.readString(first.resolve("systems.csv")));
    int changed = 0;
    for (int n = 1; n <= 20; n++) {
      String id = String.format("sim-%04d", n);
      assertThat(information(later.resolve(id))).as(id).isEqualTo(information(first.resolve(id)));
      if (!availability(later.resolve(id)).equals(availability(first.resolve(id)))) {
        changed++;
      }
    }
    assertThat(changed).as("systems whose availability changed in 30 minutes").isGreaterThan(15);
  }

  @Test
  void optionsForOneSystemAreRefusedWithAWorld() {
    assertUsage("--stations is for one system", "--systems", "5", "--stations", "10");
    assertUsage("--format is for one system", "--systems", "5", "--format", "gbfs23");
    assertUsage("--base-url goes with --systems", "--base-url", BASE);
    assertUsage("--systems must be >= 1", "--systems", "0");
    assertUsage("--base-url must be an absolute", "--systems", "2", "--base-url", "ftp://x/");
    assertUsage("--base-url must be an absolute", "--systems", "2", "--base-url", "world/");
  }

  private void assertUsage(String message, String... options) {
    List<String> args = new ArrayList<>(List.of("sample-feed", "--out", dir.toString()));
    args.addAll(List.of(options));
    StringWriter err = new StringWriter();
    assertThat(run(new StringWriter(), err, args.toArray(String[]::new)))
        .as(err.toString())
        .isEqualTo(ExitCodes.USAGE);
    assertThat(err.toString()).contains(message);
  }

  private Path local(URI url) {
    assertThat(url.toString()).startsWith(BASE);
    return dir.resolve(url.toString().substring(BASE.length()));
  }

  private static List<StationInformation> information(Path system) throws Exception {
    return GbfsParser.stationInformation(
            Files.readAllBytes(system.resolve("station_information.json")), "en")
        .items();
  }

  private static List<String> availability(Path system) throws Exception {
    return GbfsParser.stationStatus(
            Files.readAllBytes(system.resolve("station_status.json")), VehicleTypes.NONE)
        .items()
        .stream()
        .map(s -> s.stationId() + "=" + s.bikesAvailable() + "/" + s.docksAvailable())
        .toList();
  }

  private static Map<String, byte[]> files(Path root) throws IOException {
    Map<String, byte[]> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(root.relativize(file).toString().replace('\\', '/'), Files.readAllBytes(file));
      }
    }
    return files;
  }

  /** RFC 4180 (quoted fields, doubled quotes), enough to read the catalogue back. */
  private static List<List<String>> csv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
      } else {
        field.append(c);
      }
    }
    assertThat(new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .endsWith("\n");
    assertThat(new HashSet<>(rows.stream().map(List::size).toList())).containsOnly(10);
    return rows;
  }
}
