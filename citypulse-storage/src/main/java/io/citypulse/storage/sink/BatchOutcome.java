package io.citypulse.storage.sink;

/**
 * What one {@link JdbcBatchWriter#write} call did.
 *
 * @param alreadyCommitted the ledger already held this batch (a replay): nothing was written
 * @param currentRowsChanged current rows inserted or moved forward
 * @param historyRowsWritten history rows added or revised (0 for rows already there)
 * @param rejected records without a key or time, logged and left out
 * @param attempts transactions tried (1 when the connection held)
 */
public record BatchOutcome(
    String queryName,
    long batchId,
    boolean alreadyCommitted,
    int currentRowsChanged,
    int historyRowsWritten,
    int rejected,
    int attempts) {}
