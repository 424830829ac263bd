package io.citypulse.app.transfer;

import io.citypulse.files.ColumnMapping;
import io.citypulse.files.Row;
import io.citypulse.files.RowResult;
import io.citypulse.model.Json;
import io.citypulse.model.StationRecord;
import io.citypulse.model.WeatherObservation;
import io.citypulse.sources.weather.WeatherValidator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One file row → what to do with it, without any I/O: the column mapping, the conversion to a
 * record, the validation the API sources apply ({@link WeatherValidator}), and the dedupe of rows
 * with the key and time of an earlier row of the same file.
 */
public final class RowPipeline {

  /** What becomes of a row. */
  public sealed interface Outcome {
    /** Publish {@code value} under {@code key}. */
    record Publish(String key, byte[] value) implements Outcome {}

    /**
     * Dead-letter the row.
     *
     * @param reason a short reason that groups rows in the summary, e.g. {@code bad value of
     *     temperature_c}
     * @param detail every problem, for people
     * @param payload the row as read (a JSON object of its cells), or the read error's text
     */
    record Reject(String reason, String detail, byte[] payload) implements Outcome {}

    /** Same key and time as an earlier row of the file: counted, not published again. */
    record Duplicate(String key) implements Outcome {}
  }

  /** Reasons of rows that cannot be read at all (a broken JSON line, a CSV row too long...). */
  public static final String UNREADABLE = "unreadable row";

  private final ImportKind kind;
  private final ColumnMapping.Renamer renamer;
  private final String defaultSource;
  private final KeyTimeSet seen = new KeyTimeSet();

  /**
   * @param defaultSource the {@code source} of weather rows that have none (ignored for stations)
   * @param warnings told once per ignored column
   * @throws IllegalArgumentException when the mapping maps to fields the kind does not have
   */
  public RowPipeline(
      ImportKind kind, ColumnMapping mapping, String defaultSource, Consumer<String> warnings) {
    this.kind = kind;
    this.renamer = mapping.renamer(kind.fields(), warnings);
    this.defaultSource = defaultSource;
  }

  /** What to do with {@code row}; a row that is published is remembered for the dedupe. */
  public Outcome process(Row row) {
    if (row.isError()) {
      return reject(UNREADABLE, row.error(), row.error().getBytes(StandardCharsets.UTF_8));
    }
    Map<String, String> fields = new LinkedHashMap<>(renamer.apply(row.fields()));
    if (kind == ImportKind.WEATHER && defaultSource != null) {
      fields.putIfAbsent("source", defaultSource);
    }
    RowResult<?> result = kind.convert(fields);
    if (result instanceof RowResult.Invalid<?> invalid) {
      return reject(reasonOf(invalid.reasons().get(0)), invalid.message(), payload(row));
    }
    Object record = ((RowResult.Ok<?>) result).value();
    String key;
    Instant time;
    if (record instanceof WeatherObservation observation) {
      Optional<String> problem = WeatherValidator.problem(observation);
      if (problem.isPresent()) {
        return reject(validationReason(problem.get()), problem.get(), payload(row));
      }
      key = observation.key();
      time = observation.observedAt();
    } else {
      StationRecord station = (StationRecord) record;
      key = station.key();
      time = station.lastReported() != null ? station.lastReported() : station.fetchedAt();
    }
    if (!seen.add(key, time)) {
      return new Outcome.Duplicate(key);
    }
    return new Outcome.Publish(key, Json.write(record));
  }

  private static Outcome reject(String reason, String detail, byte[] payload) {
    return new Outcome.Reject(reason, detail, payload);
  }

  private static byte[] payload(Row row) {
    return Json.write(row.fields());
  }

  /** {@code missing column location} stays; {@code temperature_c: 'abc' is not a number} → {@code bad value of temperature_c}. */
  static String reasonOf(String problem) {
    if (problem.startsWith("missing column ")) {
      return problem;
    }
    int colon = problem.indexOf(':');
    return colon > 0 ? "bad value of " + problem.substring(0, colon) : problem;
  }

  /** The validator's message without its numbers: {@code temperature_c out of range}. */
  static String validationReason(String problem) {
    int outside = problem.indexOf(" is outside ");
    if (outside > 0) {
      return problem.substring(0, problem.indexOf(' ')) + " out of range";
    }
    if (problem.contains(" must be a number >= 0")) {
      return problem.substring(0, problem.indexOf(' ')) + " negative";
    }
    if (problem.startsWith("observed_at ") && problem.contains("after the fetch")) {
      return "observed_at after fetched_at";
    }
    return problem;
  }

  /**
   * The (key, time) pairs seen, as 64-bit hashes in an open-addressing table: 8 to 16 bytes a row
   * instead of two strings and a tuple, so a 1 GB file of 10 million rows needs ~160 MB at worst
   * and typical imports a few MB. Two different pairs share a hash with a probability of about
   * n²/2⁶⁵ (3·10⁻⁶ for 10 million rows): such a row would be counted as a duplicate.
   */
  static final class KeyTimeSet {
    private long[] slots = new long[1 << 10];
    private boolean zeroSeen;
    private int size;

    /** Adds the pair; false when it was already there. */
    boolean add(String key, Instant time) {
      long hash = hash(key, time);
      if (hash == 0) {
        boolean added = !zeroSeen;
        zeroSeen = true;
        return added;
      }
      if ((size + 1) * 2L > slots.length) {
        grow();
      }
      boolean added = insert(slots, hash);
      if (added) {
        size++;
      }
      return added;
    }

    private boolean insert(long[] table, long hash) {
      int mask = table.length - 1;
      int i = (int) (hash ^ (hash >>> 32)) & mask;
      while (table[i] != 0) {
        if (table[i] == hash) {
          return false;
        }
        i = (i + 1) & mask;
      }
      table[i] = hash;
      return true;
    }

    private void grow() {
      long[] old = slots;
      slots = new long[old.length * 2];
      for (long hash : old) {
        if (hash != 0) {
          insert(slots, hash);
        }
      }
    }

    /** FNV-1a over the key, the time, then a SplitMix64 finaliser to spread the bits. */
    static long hash(String key, Instant time) {
      long h = 0xcbf29ce484222325L;
      for (int i = 0; i < key.length(); i++) {
        h = (h ^ key.charAt(i)) * 0x100000001b3L;
      }
      h = (h ^ 0xff) * 0x100000001b3L;
      long seconds = time == null ? Long.MIN_VALUE : time.getEpochSecond();
      int nanos = time == null ? -1 : time.getNano();
      h = (h ^ seconds) * 0x100000001b3L;
      h = (h ^ nanos) * 0x100000001b3L;
      h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
      h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
      return h ^ (h >>> 31);
    }
  }
}
