package io.citypulse.sources.postcode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeLocation;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reverse-geocoding answers kept across restarts, so that ~1,500 Vélib' stations are geocoded once,
 * not at every start. Keyed by latitude/longitude rounded to 6 decimals (~0.1 m).
 *
 * <p>Stored as an append-only JSON-lines file, one answer per line, the last line for a key wins.
 * Appending never rewrites what is already safe on disk; a line torn by a crash is skipped and
 * logged on the next load instead of losing the whole cache. Both a found postcode and "no
 * address here" are kept; transient failures never reach the cache. Delete the file to re-ask.
 */
public final class GeocodeCache {
  private static final Logger LOG = LoggerFactory.getLogger(GeocodeCache.class);

  /** File name inside the state directory. */
  public static final String FILE_NAME = "geocode-cache.jsonl";

  private static final Pattern KEY = Pattern.compile("-?\\d{1,3}\\.\\d{6},-?\\d{1,3}\\.\\d{6}");

  private final Map<String, PostcodeLocation> entries = new ConcurrentHashMap<>();
  private final Path file;
  private int skippedLines;
  private boolean persistent;
  private boolean needsLeadingNewline;

  private GeocodeCache(Path file) {
    this.file = file;
    this.persistent = file != null;
  }

  /** A cache that forgets everything at exit. */
  public static GeocodeCache inMemory() {
    return new GeocodeCache(null);
  }

  /**
   * Opens (creating if needed) the cache under {@code directory}; null gives {@link #inMemory()}.
   * An unreadable or unwritable cache is logged and the cache carries on in memory: losing it
   * costs requests, not correctness.
   */
  public static GeocodeCache open(Path directory) {
    if (directory == null) {
      return inMemory();
    }
    GeocodeCache cache = new GeocodeCache(directory.resolve(FILE_NAME));
    cache.load();
    return cache;
  }

  /** The key of a point: both coordinates rounded half-up to 6 decimals. */
  public static String keyOf(double lat, double lon) {
    return String.format(Locale.ROOT, "%.6f,%.6f", lat, lon);
  }

  /**
   * The cached answer at this point: a {@code GEOCODER} location, {@link PostcodeLocation#UNKNOWN}
   * when the service had no postcode there, or empty when never asked.
   */
  public Optional<PostcodeLocation> get(double lat, double lon) {
    return Optional.ofNullable(entries.get(keyOf(lat, lon)));
  }

  /** Records a definitive answer ({@code UNKNOWN} for "no postcode here") and appends it to disk. */
  public void put(double lat, double lon, PostcodeLocation location) {
    String key = keyOf(lat, lon);
    PostcodeLocation stored = location.isKnown()
        ? new PostcodeLocation(
            location.postcode(), location.commune(), PostcodeLocation.Source.GEOCODER)
        : PostcodeLocation.UNKNOWN;
    entries.put(key, stored);
    append(key, stored);
  }

  public int size() {
    return entries.size();
  }

  /** Lines of the file that could not be read at load (torn or hand-edited). */
  public synchronized int skippedLines() {
    return skippedLines;
  }

  /** The backing file, or null for an in-memory cache. */
  public Path file() {
    return file;
  }

  private synchronized void append(String key, PostcodeLocation location) {
    if (!persistent) {
      return;
    }
    ObjectNode line = Json.MAPPER.createObjectNode();
    line.put("key", key);
    if (location.isKnown()) {
      line.put("postcode", location.postcode());
      line.put("commune", location.commune());
    } else {
      line.putNull("postcode");
    }
    String text = (needsLeadingNewline ? "\n" : "") + Json.writeString(line) + "\n";
    try {
      Files.createDirectories(file.getParent());
      Files.write(
          file,
          text.getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.WRITE);
      needsLeadingNewline = false;
    } catch (IOException e) {
      persistent = false;
      LOG.error(
          "cannot write geocode cache {} ({}); caching in memory only from now on",
          file,
          e.toString());
    }
  }

  private synchronized void load() {
    if (!Files.exists(file)) {
      return;
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      needsLeadingNewline = !endsWithNewline(file);
    } catch (IOException e) {
      // Includes malformed UTF-8: a damaged file must not stop the pipeline; we start afresh in
      // memory and leave the file untouched for inspection.
      persistent = false;
      LOG.error(
          "cannot read geocode cache {} ({}); starting with an empty in-memory cache",
          file,
          e.toString());
      return;
    }
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      if (!loadLine(line)) {
        skippedLines++;
        LOG.warn(
            "geocode cache {}:{}: unreadable line skipped: {}",
            file,
            i + 1,
            line.length() > 120 ? line.substring(0, 120) + "..." : line);
      }
    }
    LOG.info(
        "geocode cache {}: {} points{}",
        file,
        entries.size(),
        skippedLines == 0 ? "" : ", " + skippedLines + " unreadable lines skipped");
  }

  private boolean loadLine(String line) {
    JsonNode node;
    try {
      node = Json.MAPPER.readTree(line);
    } catch (IOException e) {
      return false;
    }
    if (node == null
        || !node.isObject()
        || !node.path("key").isTextual()
        || !KEY.matcher(node.get("key").asText()).matches()) {
      return false;
    }
    JsonNode postcode = node.path("postcode");
    if (postcode.isNull()) {
      entries.put(node.get("key").asText(), PostcodeLocation.UNKNOWN);
      return true;
    }
    if (!postcode.isTextual() || postcode.asText().isBlank()) {
      return false;
    }
    JsonNode commune = node.path("commune");
    entries.put(
        node.get("key").asText(),
        new PostcodeLocation(
            postcode.asText(),
            commune.isTextual() ? commune.asText() : null,
            PostcodeLocation.Source.GEOCODER));
    return true;
  }

  private static boolean endsWithNewline(Path file) throws IOException {
    try (SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size == 0) {
        return true;
      }
      channel.position(size - 1);
      java.nio.ByteBuffer last = java.nio.ByteBuffer.allocate(1);
      channel.read(last);
      return last.get(0) == '\n';
    }
  }
}
