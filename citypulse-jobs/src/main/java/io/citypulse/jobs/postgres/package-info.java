/**
 * PostgreSQL sink: the Spark streaming query that stores a result stream in PostgreSQL ({@link
 * io.citypulse.jobs.postgres.PostgresSinkJob}, one per {@link io.citypulse.jobs.postgres.StoredStream}),
 * each micro-batch written exactly once by the storage module's {@link
 * io.citypulse.storage.sink.JdbcBatchWriter}. Its Parquet counterpart is {@code jobs.parquet}.
 */
package io.citypulse.jobs.postgres;
