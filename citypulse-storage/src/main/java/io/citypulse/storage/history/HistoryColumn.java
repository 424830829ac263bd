package io.citypulse.storage.history;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;

/** One column of a {@link TimeSeries}: its name and the kind of value its cells hold. */
public record HistoryColumn(String name, Kind kind) {

  /** What a cell holds; {@link #normalize} turns any backend's value into the one Java type. */
  public enum Kind {
    /** {@link Instant}. */
    TIME,
    /** {@link String}. */
    TEXT,
    /** {@link Long}, whatever the stored width (int or bigint). */
    INTEGER,
    /** {@link Double}. */
    DECIMAL,
    /** {@link Boolean}. */
    BOOLEAN;

    /**
     * The canonical value of a cell read by JDBC or Spark (null stays null), so both backends
     * give equal rows.
     *
     * @throws IllegalArgumentException when the value cannot be of this kind
     */
    public Object normalize(Object value) {
      if (value == null) {
        return null;
      }
      return switch (this) {
        case TIME -> instant(value);
        case TEXT -> value.toString();
        case INTEGER -> {
          if (value instanceof Long
              || value instanceof Integer
              || value instanceof Short
              || value instanceof Byte) {
            yield ((Number) value).longValue();
          }
          if (value instanceof BigDecimal decimal) {
            yield decimal.longValueExact();
          }
          throw mismatch(value);
        }
        case DECIMAL -> {
          if (value instanceof Number number) {
            yield number.doubleValue();
          }
          throw mismatch(value);
        }
        case BOOLEAN -> {
          if (value instanceof Boolean b) {
            yield b;
          }
          throw mismatch(value);
        }
      };
    }

    private Instant instant(Object value) {
      if (value instanceof Instant instant) {
        return instant;
      }
      if (value instanceof Timestamp timestamp) {
        return timestamp.toInstant();
      }
      if (value instanceof OffsetDateTime odt) {
        return odt.toInstant();
      }
      // Spark's TIMESTAMP_NTZ; citypulse writes every time in UTC.
      if (value instanceof LocalDateTime ldt) {
        return ldt.toInstant(ZoneOffset.UTC);
      }
      if (value instanceof String text) {
        return Instant.parse(text);
      }
      throw mismatch(value);
    }

    private IllegalArgumentException mismatch(Object value) {
      return new IllegalArgumentException(
          "a " + name() + " cell cannot hold " + value.getClass().getName() + " " + value);
    }
  }

  public HistoryColumn {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
  }

  static HistoryColumn time(String name) {
    return new HistoryColumn(name, Kind.TIME);
  }

  static HistoryColumn text(String name) {
    return new HistoryColumn(name, Kind.TEXT);
  }

  static HistoryColumn integer(String name) {
    return new HistoryColumn(name, Kind.INTEGER);
  }

  static HistoryColumn decimal(String name) {
    return new HistoryColumn(name, Kind.DECIMAL);
  }

  static HistoryColumn bool(String name) {
    return new HistoryColumn(name, Kind.BOOLEAN);
  }
}
