package io.citypulse.storage.history;

/** Reads a {@link TimeSeries} from one store (PostgreSQL, the Parquet history). */
public interface HistoryReader {

  /**
   * @throws NoHistoryException when the key has no stored history at all (the message lists keys
   *     that do); a known key with no state in the range gives an empty (or all-null) series
   * @throws InvalidHistoryRequestException when more than {@link HistoryRequest#MAX_STATES}
   *     states would be loaded
   * @throws io.citypulse.storage.StorageException when the store cannot be read
   */
  TimeSeries read(HistoryRequest request);

  /** For messages: where the history is read from (never a password). */
  String description();
}
