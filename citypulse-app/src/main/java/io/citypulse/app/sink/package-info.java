/**
 * Sinks that are not Spark jobs: a {@link io.citypulse.app.sink.TopicSink} reads result topics
 * with a plain Kafka consumer and hands decoded records to a {@link
 * io.citypulse.app.sink.SinkWriter} (the search index, the Redis cache). Offsets are committed
 * only after a batch is written, and writers are idempotent (document ids and cache entries derive
 * from key and event time): a restart or a replay rewrites, never duplicates.
 */
package io.citypulse.app.sink;
