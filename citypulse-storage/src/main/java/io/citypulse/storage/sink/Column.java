package io.citypulse.storage.sink;

import java.io.Serializable;
import java.util.function.Function;

/**
 * One table column and how to read its value from a record.
 *
 * @param sqlType a {@link java.sql.Types} constant, used to bind nulls and values
 */
public record Column<T>(String name, int sqlType, Getter<T> value) implements Serializable {

  /** A serializable getter, so tables can travel to Spark executors. */
  @FunctionalInterface
  public interface Getter<T> extends Function<T, Object>, Serializable {}
}
