/**
 * PostgreSQL storage of the result streams, with no Spark dependency.
 *
 * <ul>
 *   <li>{@link io.citypulse.storage.postgres.PostgresServer}: the embedded default, a real
 *       PostgreSQL 17 from Maven Central binaries, data in a directory of ours, on 127.0.0.1.
 *   <li>{@link io.citypulse.storage.schema.SchemaMigrator}: creates or upgrades the tables
 *       (Flyway, scripts in {@code io/citypulse/storage/migration}) at every start.
 *   <li>{@link io.citypulse.storage.sink.JdbcBatchWriter}: writes one micro-batch exactly once
 *       (ledger {@code sink_progress} in the same transaction) and rides out outages.
 * </ul>
 *
 * <p>Wiring: {@code PostgresServer.start(stateDir.resolve("postgres"))} (or a {@link
 * io.citypulse.storage.JdbcTarget} for an existing server), {@code SchemaMigrator.migrate(target)},
 * then one writer per streaming query, called from {@code foreachBatch} with the batch's records.
 */
package io.citypulse.storage;
