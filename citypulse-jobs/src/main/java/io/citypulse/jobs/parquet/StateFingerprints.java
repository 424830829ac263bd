package io.citypulse.jobs.parquet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * The state a history row carries, reduced to a 128-bit fingerprint, and a 64-bit hash of its key
 * ({@link ParquetStream#identityFields()}). The state is every JSON field of the record except
 * {@link ParquetStream#republicationFields()} (a station's {@code fetched_at}); the key fields are
 * part of it. {@code kafka_timestamp} and {@code date} are not.
 *
 * <p>Rows are read by position: the first columns must be {@link ParquetSchemas#table}'s JSON
 * fields, in order, as Spark's Row encoder gives them (String, Integer, Long, Double, Boolean,
 * java.sql.Timestamp, or Instant with the Java 8 time API). Values are fed to the hash with a type
 * tag and strings with their length, so that moving a value between columns (a null beside an
 * empty string, "ab","c" beside "a","bc") changes the fingerprint. MD5 serves as a fast, well
 * mixed 128-bit hash, not for security: two different states sharing a fingerprint is a 2^-128
 * accident, and the only harm would be one state not written.
 *
 * <p>A scope field ({@link ParquetStream#identityFields()}: a per-area record's system) that is
 * null is left out of both hashes, so the records of a one-system run hash as they did before the
 * field existed and a repeat filter's state from then still recognises their repeats.
 *
 * <p>Not thread-safe (one digest reused): one instance per task.
 */
final class StateFingerprints {

  /** The fingerprint of one state: two halves of a 128-bit hash. */
  record Fingerprint(long high, long low) {}

  private static final byte NULL = 0;
  private static final byte STRING = 1;
  private static final byte INT = 2;
  private static final byte LONG = 3;
  private static final byte DOUBLE = 4;
  private static final byte BOOLEAN = 5;
  private static final byte TIME = 6;

  private final int[] stateColumns;
  private final int[] keyColumns;
  private final boolean[] skipWhenNull;
  private final MessageDigest digest;
  private final byte[] scratch = new byte[8];

  private StateFingerprints(int[] stateColumns, int[] keyColumns, boolean[] skipWhenNull) {
    this.stateColumns = stateColumns;
    this.keyColumns = keyColumns;
    this.skipWhenNull = skipWhenNull;
    try {
      this.digest = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has MD5", e);
    }
  }

  /** Fingerprints of the stream's rows. */
  static StateFingerprints of(ParquetStream stream) {
    List<String> fields = Arrays.asList(ParquetSchemas.json(stream).fieldNames());
    List<Integer> state = new ArrayList<>();
    for (int i = 0; i < fields.size(); i++) {
      if (!stream.republicationFields().contains(fields.get(i))) {
        state.add(i);
      }
    }
    boolean[] skipWhenNull = new boolean[fields.size()];
    for (int i = 0; i < fields.size(); i++) {
      skipWhenNull[i] = stream.identityFields().contains(fields.get(i))
          && !stream.keyFields().contains(fields.get(i));
    }
    return new StateFingerprints(
        state.stream().mapToInt(Integer::intValue).toArray(),
        stream.identityFields().stream().mapToInt(fields::indexOf).toArray(),
        skipWhenNull);
  }

  /** The names of the columns the state is made of, in hashing order. */
  static List<String> stateColumns(ParquetStream stream) {
    String[] fields = ParquetSchemas.json(stream).fieldNames();
    StateFingerprints fingerprints = of(stream);
    return Arrays.stream(fingerprints.stateColumns).mapToObj(i -> fields[i]).toList();
  }

  /** The fingerprint of the state {@code row} carries. */
  Fingerprint fingerprint(Row row) {
    byte[] hash = hash(row, stateColumns);
    return new Fingerprint(longAt(hash, 0), longAt(hash, 8));
  }

  /** A 64-bit hash of the row's key fields. */
  long keyHash(Row row) {
    return longAt(hash(row, keyColumns), 0);
  }

  private byte[] hash(Row row, int[] columns) {
    digest.reset();
    for (int column : columns) {
      Object value = row.get(column);
      if (value != null || !skipWhenNull[column]) {
        feed(value);
      }
    }
    return digest.digest();
  }

  private void feed(Object value) {
    if (value == null) {
      digest.update(NULL);
    } else if (value instanceof String s) {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      digest.update(STRING);
      feedLong(bytes.length);
      digest.update(bytes);
    } else if (value instanceof Integer i) {
      digest.update(INT);
      feedLong(i);
    } else if (value instanceof Long l) {
      digest.update(LONG);
      feedLong(l);
    } else if (value instanceof Double d) {
      digest.update(DOUBLE);
      // doubleToLongBits: one NaN; -0.0 and 0.0 stay apart, as they are different JSON values.
      feedLong(Double.doubleToLongBits(d));
    } else if (value instanceof Boolean b) {
      digest.update(BOOLEAN);
      digest.update(b ? (byte) 1 : (byte) 0);
    } else if (value instanceof Timestamp t) {
      feedTime(t.toInstant());
    } else if (value instanceof Instant t) {
      feedTime(t);
    } else {
      throw new IllegalArgumentException(
          "no fingerprint for a " + value.getClass().getName() + " column value");
    }
  }

  private void feedTime(Instant time) {
    digest.update(TIME);
    feedLong(time.getEpochSecond());
    feedLong(time.getNano());
  }

  private void feedLong(long value) {
    for (int i = 7; i >= 0; i--) {
      scratch[i] = (byte) value;
      value >>>= 8;
    }
    digest.update(scratch);
  }

  private static long longAt(byte[] bytes, int from) {
    long value = 0;
    for (int i = from; i < from + 8; i++) {
      value = (value << 8) | (bytes[i] & 0xFF);
    }
    return value;
  }
}
