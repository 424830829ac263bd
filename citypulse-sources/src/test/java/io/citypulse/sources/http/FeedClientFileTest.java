package io.citypulse.sources.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** file: URLs let users replay saved feeds; they behave like a server with ETags. */
class FeedClientFileTest {
  private final FeedClient client = new FeedClient(
      Duration.ofSeconds(1),
      Duration.ofSeconds(1),
      Clock.fixed(Instant.parse("2025-10-18T09:00:00Z"), ZoneOffset.UTC));

  @TempDir
  Path dir;

  @Test
  void readsAFileAndAnswersNotModifiedUntilItChanges() throws Exception {
    Path feed = dir.resolve("station_status.json");
    Files.writeString(feed, "{\"data\":{\"stations\":[]}}");
    Files.setLastModifiedTime(feed, FileTime.from(Instant.parse("2025-10-18T08:00:00Z")));

    FeedResponse first = client.fetch(feed.toUri(), null);
    assertThat(first).isInstanceOf(FeedResponse.Ok.class);
    FeedResponse.Ok ok = (FeedResponse.Ok) first;
    assertThat(new String(ok.body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"data\":{\"stations\":[]}}");
    assertThat(ok.etag()).isNotBlank();

    assertThat(client.fetch(feed.toUri(), ok.etag()).kind())
        .isEqualTo(FeedResponse.Kind.NOT_MODIFIED);

    Files.writeString(feed, "{\"data\":{\"stations\":[{}]}}");
    Files.setLastModifiedTime(feed, FileTime.from(Instant.parse("2025-10-18T08:01:00Z")));
    assertThat(client.fetch(feed.toUri(), ok.etag()).kind()).isEqualTo(FeedResponse.Kind.OK);
  }

  @Test
  void gzippedFilesAreDecompressed() throws Exception {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(zipped)) {
      out.write("{\"ttl\":60}".getBytes(StandardCharsets.UTF_8));
    }
    Path feed = dir.resolve("station_status.json.gz");
    Files.write(feed, zipped.toByteArray());

    FeedResponse response = client.fetch(feed.toUri(), null);

    assertThat(response).isInstanceOf(FeedResponse.Ok.class);
    assertThat(new String(((FeedResponse.Ok) response).body(), StandardCharsets.UTF_8))
        .isEqualTo("{\"ttl\":60}");
  }

  @Test
  void aMissingFileIsAnIoErrorNotAnException() {
    FeedResponse response = client.fetch(dir.resolve("nope.json").toUri(), null);

    assertThat(response).isInstanceOf(FeedResponse.IoError.class);
    assertThat(response.describe()).contains("no such file").contains("nope.json");
  }

  @Test
  void aDirectoryOrAnUnknownSchemeIsAnIoError() {
    assertThat(client.fetch(dir.toUri(), null).describe()).contains("not a regular file");
    assertThat(client.fetch(URI.create("ftp://example.org/gbfs.json"), null).describe())
        .contains("unsupported URL scheme 'ftp'");
  }

  @Test
  void userAgentNamesTheVersion() {
    assertThat(FeedClient.defaultUserAgent()).matches("citypulse/\\d+\\.\\d+\\.\\d+.*");
  }
}
