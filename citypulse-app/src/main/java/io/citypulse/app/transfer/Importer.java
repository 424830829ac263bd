package io.citypulse.app.transfer;

import io.citypulse.files.FileFormat;
import io.citypulse.files.ReadOptions;
import io.citypulse.files.RecordReader;
import io.citypulse.files.Row;
import io.citypulse.model.DeadLetterHeaders;
import io.citypulse.model.Json;
import io.citypulse.sources.publish.ProducerSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Imports one file into Kafka exactly once, across restarts.
 *
 * <p>Every row's outcome (record, dead letter, or nothing for a duplicate) is sent in a Kafka
 * transaction together with the file's {@link LedgerEntry} counting the rows done; a transaction
 * is committed every {@code commitRows} rows or {@code commitInterval}, whichever comes first. The
 * transactional id is the file's identity: a restarted import of the file fences the process it
 * replaces and aborts that one's open transaction ({@code initTransactions}) before reading the
 * ledger, so the ledger's count is exactly the rows whose outcome is committed. The rows up to it
 * are read again (the reader is deterministic) only to rebuild the dedupe set and the counts.
 */
public final class Importer {
  /** Dead-letter header: the file or URL. */
  public static final String HEADER_FILE = "file";
  /** Dead-letter header: where the row is, e.g. {@code line 12}. */
  public static final String HEADER_ROW = "row";

  /** Where an import writes. */
  public record Topics(String records, String deadLetters, String ledger) {}

  /** When to commit. */
  public record Batching(int commitRows, Duration commitInterval) {
    public static final Batching DEFAULT = new Batching(10_000, Duration.ofSeconds(5));
  }

  /** Called after each row's outcome is sent; tests stop an import mid-transaction with it. */
  @FunctionalInterface
  public interface Hook {
    Hook NONE = (rowsRead, producer) -> {};

    void afterSend(long rowsRead, Producer<String, byte[]> producer);
  }

  /** What came of an import. */
  public sealed interface Result {
    /** Imported (or resumed and finished); {@code resumedAfter} rows were done by an earlier run. */
    record Done(ImportStats stats, long resumedAfter) implements Result {}

    /** Finished by an earlier run, per the ledger. */
    record Skipped(LedgerEntry entry) implements Result {}
  }

  private final String bootstrapServers;
  private final Topics topics;
  private final Batching batching;
  private final Clock clock;
  private final Function<Map<String, Object>, Producer<String, byte[]>> producers;
  private Hook hook = Hook.NONE;

  public Importer(String bootstrapServers, Topics topics, Batching batching, Clock clock) {
    this(bootstrapServers, topics, batching, clock, KafkaProducer::new);
  }

  Importer(
      String bootstrapServers,
      Topics topics,
      Batching batching,
      Clock clock,
      Function<Map<String, Object>, Producer<String, byte[]>> producers) {
    this.bootstrapServers = bootstrapServers;
    this.topics = topics;
    this.batching = batching;
    this.clock = clock;
    this.producers = producers;
  }

  /** Replaces the hook (tests). */
  public Importer withHook(Hook hook) {
    this.hook = hook;
    return this;
  }

  /**
   * Imports {@code source}.
   *
   * @param kind written to the ledger
   * @param force import a finished file again
   * @param progress told of each row
   * @throws IOException when the file cannot be opened or read
   * @throws org.apache.kafka.common.KafkaException when Kafka fails; nothing of the transaction
   *     under way is published, a rerun resumes after the last committed one
   */
  public Result importFile(
      ImportSource source,
      FileFormat format,
      ReadOptions readOptions,
      ImportKind kind,
      RowPipeline pipeline,
      boolean force,
      ProgressSink progress)
      throws IOException {
    ImportSource.Opened opened = source.open();
    // The file and where its rows go: the same file into another topic is another import.
    FileIdentity identity = opened.identity().into(topics.records(), kind.name());
    Producer<String, byte[]> producer;
    try {
      producer = producers.apply(producerConfig(identity));
    } catch (RuntimeException e) {
      opened.in().close();
      throw e;
    }
    try {
      // Fences an earlier process importing this file and aborts its open transaction: from here
      // on the ledger holds the last word on this file.
      producer.initTransactions();
      Ledger ledger = new Ledger(bootstrapServers, topics.ledger(), Duration.ofSeconds(30));
      LedgerEntry entry = ledger.find(identity);
      LedgerEntry.Decision decision = LedgerEntry.decide(entry, force);
      if (decision instanceof LedgerEntry.Decision.Skip skip) {
        opened.in().close();
        return new Result.Skipped(skip.entry());
      }
      long done = decision instanceof LedgerEntry.Decision.Resume resume ? resume.rowsDone() : 0;
      Run run = new Run(producer, source.name(), identity, kind);
      try (RecordReader reader = RecordReader.open(format, opened.in(), readOptions)) {
        for (Row row = reader.next(); row != null; row = reader.next()) {
          RowPipeline.Outcome outcome = pipeline.process(row);
          run.stats.count(row.label(), outcome);
          if (run.stats.read() > done) {
            run.send(row, outcome);
            hook.afterSend(run.stats.read(), producer);
            run.commitIfDue();
          }
          progress.update(reader.bytesRead(), opened.size(), run.stats.read());
        }
      }
      if (run.stats.read() < done) {
        throw new IOException(source.name() + " has " + run.stats.read()
            + " rows but the ledger says " + done + " were imported: it changed since");
      }
      run.finish();
      return new Result.Done(run.stats, done);
    } finally {
      opened.in().close();
      // A transaction still open here (a failure) is aborted by the close, or else by the next
      // import of the file when it fences this producer: its rows are never committed.
      producer.close(CLOSE_TIMEOUT);
    }
  }

  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  /** Told of the progress of an import. */
  @FunctionalInterface
  public interface ProgressSink {
    ProgressSink NONE = (bytes, total, rows) -> {};

    void update(long bytes, long totalBytes, long rows);
  }

  private Map<String, Object> producerConfig(FileIdentity identity) {
    String id = "citypulse-import-" + identity.id();
    return ProducerSettings.producerConfig(
        bootstrapServers,
        "citypulse-import-" + identity.shortId(),
        Map.of(
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            id,
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
            60_000,
            ProducerConfig.BATCH_SIZE_CONFIG,
            256 * 1024,
            ProducerConfig.COMPRESSION_TYPE_CONFIG,
            "lz4"));
  }

  /** The state of one import under way. */
  private final class Run {
    final Producer<String, byte[]> producer;
    final String file;
    final FileIdentity identity;
    final ImportKind kind;
    final ImportStats stats = new ImportStats();
    boolean inTransaction;
    long sinceCommit;
    long transactionStart;

    Run(Producer<String, byte[]> producer, String file, FileIdentity identity, ImportKind kind) {
      this.producer = producer;
      this.file = file;
      this.identity = identity;
      this.kind = kind;
    }

    void send(Row row, RowPipeline.Outcome outcome) {
      if (!inTransaction) {
        producer.beginTransaction();
        inTransaction = true;
        transactionStart = System.nanoTime();
      }
      if (outcome instanceof RowPipeline.Outcome.Publish publish) {
        producer.send(new ProducerRecord<>(topics.records(), publish.key(), publish.value()));
      } else if (outcome instanceof RowPipeline.Outcome.Reject reject) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetterHeaders.SOURCE, utf8(file));
        headers.add(HEADER_FILE, utf8(file));
        headers.add(HEADER_ROW, utf8(row.label()));
        headers.add(DeadLetterHeaders.REASON, utf8(reject.reason()));
        headers.add(DeadLetterHeaders.DETAIL, utf8(reject.detail()));
        headers.add(DeadLetterHeaders.TIMESTAMP, utf8(clock.instant().toString()));
        producer.send(new ProducerRecord<>(
            topics.deadLetters(), null, null, file, reject.payload(), headers));
      }
      sinceCommit++;
    }

    void commitIfDue() {
      if (sinceCommit >= batching.commitRows()
          || System.nanoTime() - transactionStart >= batching.commitInterval().toNanos()) {
        commit(false);
      }
    }

    void finish() {
      if (!inTransaction) {
        producer.beginTransaction();
        inTransaction = true;
      }
      commit(true);
    }

    private void commit(boolean finished) {
      LedgerEntry entry = new LedgerEntry(
          identity.id(),
          file,
          kind.id(),
          topics.records(),
          stats.read(),
          stats.published(),
          stats.rejected(),
          stats.duplicates(),
          finished,
          clock.instant());
      producer.send(new ProducerRecord<>(topics.ledger(), identity.id(), Json.write(entry)));
      producer.commitTransaction();
      inTransaction = false;
      sinceCommit = 0;
    }
  }

  private static byte[] utf8(String text) {
    String value = text == null ? "" : text;
    return (value.length() > 2_000 ? value.substring(0, 2_000) + "..." : value)
        .getBytes(StandardCharsets.UTF_8);
  }
}
