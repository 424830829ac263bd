package io.citypulse.bench.engine;

import io.citypulse.model.PostcodeAvailability;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The Kafka Streams peer of the postcode availability job, written the idiomatic DSL way:
 * stream -> latest state per station (reduce, keeping the newer by (last_reported, fetched_at))
 * -> KTable -> re-group by postcode -> aggregate with adder/subtractor -> output topic. State and
 * repartition values are compact binary ({@link PeerStationState}), as the Spark job keeps only
 * the fields it needs.
 *
 * <p>Output is the same {@link PostcodeAvailability} JSON keyed by postcode. Two simplifications
 * against the product, neither visible with the benchmark's data (each postcode has one commune,
 * no station changes postcode) and both checked by the correctness test: the commune is the last
 * added station's, and a postcode's updated_at is not recomputed when a station leaves it.
 */
public final class PostcodeAvailabilityTopology {
  private PostcodeAvailabilityTopology() {}

  /** Input values: the product's StationRecord JSON, read into the fields the totals need. */
  static final Serde<PeerStationState.InputFields> INPUT =
      JsonSerde.of(PeerStationState.InputFields.class);

  static final Serde<PostcodeAvailability> AVAILABILITY = JsonSerde.of(PostcodeAvailability.class);

  /** Commit (and so cache flush and output) every 100 ms: see {@link #config}. */
  public static final long COMMIT_INTERVAL_MS = 100;
  /** The Kafka Streams default record cache (10 MB), stated explicitly: throughput runs. */
  public static final long CACHE_BYTES = 10L * 1024 * 1024;
  /** No record cache: latency runs (every update goes downstream at once, none waits for a commit). */
  public static final long LATENCY_CACHE_BYTES = 0;
  /** Producer linger of the Kafka clients' own default (Streams overrides it to 100 ms). */
  public static final int PRODUCER_LINGER_MS = 5;

  public static Topology build(String inputTopic, String outputTopic) {
    StreamsBuilder builder = new StreamsBuilder();
    KTable<String, PeerStationState> latestPerStation = builder.stream(
            inputTopic, Consumed.with(Serdes.String(), INPUT))
        .mapValues(PeerStationState::of)
        .groupByKey(Grouped.with(Serdes.String(), PeerStationState.SERDE))
        .reduce(
            (kept, candidate) ->
                PeerStationState.NEWNESS.compare(candidate, kept) > 0 ? candidate : kept,
            Materialized.<String, PeerStationState, KeyValueStore<Bytes, byte[]>>as(
                    "latest-per-station")
                .withKeySerde(Serdes.String())
                .withValueSerde(PeerStationState.SERDE));
    latestPerStation
        .groupBy(
            (stationKey, state) -> KeyValue.pair(state.postcode(), state),
            Grouped.with("by-postcode", Serdes.String(), PeerStationState.SERDE))
        .aggregate(
            PostcodeTotals::empty,
            (postcode, state, totals) -> totals.plus(state),
            (postcode, state, totals) -> totals.minus(state),
            Materialized.<String, PostcodeTotals, KeyValueStore<Bytes, byte[]>>as("postcode-totals")
                .withKeySerde(Serdes.String())
                .withValueSerde(PostcodeTotals.SERDE))
        .toStream()
        .mapValues((postcode, totals) -> totals.toAvailability(postcode))
        .to(outputTopic, Produced.with(Serdes.String(), AVAILABILITY));
    return builder.build();
  }

  /**
   * The settings a competent user would pick for this job on a small machine (each one is in the
   * bench README with its reason).
   *
   * @param threads stream threads: one per core
   * @param cacheBytes {@link #CACHE_BYTES} for throughput, {@link #LATENCY_CACHE_BYTES} for latency
   */
  public static Properties config(
      String applicationId, String bootstrapServers, Path stateDir, int threads, long cacheBytes) {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads);
    // At-least-once, like the Spark job's Kafka sink; totals are recomputed state, so a replay
    // re-emits the same values.
    props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
    // The default (30 s under at-least-once) holds aggregates in the cache for up to 30 s: far
    // beyond any latency target. 100 ms is the exactly-once default and a common low-latency
    // choice.
    props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS);
    // The cache folds repeated updates of a key between commits (fewer writes downstream) but holds
    // them until the commit: kept for throughput, off when latency is what is measured.
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, cacheBytes);
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
    props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
    props.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    props.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), PRODUCER_LINGER_MS);
    return props;
  }
}
