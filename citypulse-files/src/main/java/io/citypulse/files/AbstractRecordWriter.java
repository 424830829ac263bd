package io.citypulse.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Column checking and ordering shared by the writers. */
abstract class AbstractRecordWriter implements RecordWriter {
  protected final List<String> columns;
  private final Set<String> known;
  private long count;
  private boolean closed;

  AbstractRecordWriter(List<String> columns) {
    this.columns = columns;
    this.known = new HashSet<>(columns);
  }

  @Override
  public final void write(Map<String, ?> record) {
    if (closed) {
      throw new IllegalStateException("the writer is closed");
    }
    for (String key : record.keySet()) {
      if (!known.contains(key)) {
        throw new IllegalArgumentException("'" + key + "' is not one of the columns " + columns);
      }
    }
    List<Object> values = new ArrayList<>(columns.size());
    for (String column : columns) {
      Object value = record.get(column);
      Values.text(value); // rejects unsupported types before anything is written
      values.add(value);
    }
    try {
      writeValues(values);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write record " + (count + 1), e);
    }
    count++;
  }

  /** Writes one record's values, in column order, nulls included. */
  protected abstract void writeValues(List<Object> values) throws IOException;

  /** Finishes the file and closes the stream. */
  protected abstract void finish() throws IOException;

  @Override
  public long count() {
    return count;
  }

  @Override
  public final void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      finish();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot finish the file", e);
    }
  }
}
