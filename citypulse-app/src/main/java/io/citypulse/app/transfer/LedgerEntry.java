package io.citypulse.app.transfer;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * The import ledger's record of one file (key: its {@link FileIdentity}), written in the same Kafka
 * transaction as the rows it counts.
 *
 * @param rowsDone rows of the file read and committed (published, dead-lettered or counted as
 *     duplicates): a restart skips exactly these
 */
@JsonPropertyOrder({
  "identity",
  "file",
  "kind",
  "topic",
  "rows_done",
  "published",
  "rejected",
  "duplicates",
  "finished",
  "updated_at"
})
public record LedgerEntry(
    @JsonProperty("identity") String identity,
    @JsonProperty("file") String file,
    @JsonProperty("kind") String kind,
    @JsonProperty("topic") String topic,
    @JsonProperty("rows_done") long rowsDone,
    @JsonProperty("published") long published,
    @JsonProperty("rejected") long rejected,
    @JsonProperty("duplicates") long duplicates,
    @JsonProperty("finished") boolean finished,
    @JsonProperty("updated_at") Instant updatedAt) {

  /** What an import does about a file, given its ledger entry. */
  public sealed interface Decision {
    /** Import from the first row. */
    record Start() implements Decision {}

    /** Skip the first {@code rowsDone} rows: they are on the topics already. */
    record Resume(long rowsDone) implements Decision {}

    /** Finished before: nothing to do. */
    record Skip(LedgerEntry entry) implements Decision {}
  }

  /**
   * The decision for a file whose ledger entry is {@code entry} (null: never seen). An unfinished
   * file resumes even with {@code force}: its committed rows are on the topic, importing them again
   * would duplicate them.
   */
  public static Decision decide(LedgerEntry entry, boolean force) {
    if (entry == null || (entry.finished() && force)) {
      return new Decision.Start();
    }
    if (entry.finished()) {
      return new Decision.Skip(entry);
    }
    return entry.rowsDone() == 0 ? new Decision.Start() : new Decision.Resume(entry.rowsDone());
  }
}
