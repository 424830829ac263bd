package io.citypulse.jobs.spark;

import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamWriter;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * A listener of one query's progress: Spark calls every listener for every query of the session,
 * so this one filters by run id (by name until the query has started, for the first batches that
 * may report before {@code start()} returns) and removes itself when its query ends. Start the
 * query through {@link #start} so that it is registered first and removed if the start fails.
 */
public abstract class OwnProgressListener extends StreamingQueryListener {
  private final SparkSession spark;
  private final String queryName;
  private volatile UUID runId;

  protected OwnProgressListener(SparkSession spark, String queryName) {
    this.spark = spark;
    this.queryName = queryName;
  }

  /** Registers this listener, starts the query and follows it; unregisters if the start fails. */
  public StreamingQuery start(DataStreamWriter<Row> writer) throws TimeoutException {
    spark.streams().addListener(this);
    try {
      StreamingQuery query = writer.start();
      runId = query.runId();
      return query;
    } catch (TimeoutException | RuntimeException e) {
      spark.streams().removeListener(this);
      throw e;
    }
  }

  protected String queryName() {
    return queryName;
  }

  /** One progress report of this listener's query. */
  protected abstract void onOwnProgress(StreamingQueryProgress progress);

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public final void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress progress = event.progress();
    UUID mine = runId;
    boolean own = mine != null ? mine.equals(progress.runId()) : queryName.equals(progress.name());
    if (own) {
      onOwnProgress(progress);
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (event.runId().equals(runId)) {
      spark.streams().removeListener(this);
    }
  }
}
