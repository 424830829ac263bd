package io.citypulse.files;

import java.util.List;

/**
 * A row converted to a record, or the readable reasons it could not be.
 *
 * @param <T> the record type
 */
public sealed interface RowResult<T> {

  /** The record the row holds. */
  record Ok<T>(T value) implements RowResult<T> {}

  /** Why the row is not a record, e.g. {@code temperature_c: 'abc' is not a number}. */
  record Invalid<T>(List<String> reasons) implements RowResult<T> {
    public Invalid {
      reasons = List.copyOf(reasons);
    }

    /** The reasons joined with {@code "; "}, for a dead letter. */
    public String message() {
      return String.join("; ", reasons);
    }
  }
}
