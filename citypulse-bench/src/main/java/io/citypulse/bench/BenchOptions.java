package io.citypulse.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;

/** Options shared by every bench command. */
public final class BenchOptions {

  @Option(
      names = "--runs",
      defaultValue = "3",
      description = "Repetitions of each measurement (default: ${DEFAULT-VALUE}).")
  public int runs;

  /** Default of {@code --records} for the throughput runs. */
  public static final long THROUGHPUT_RECORDS = 2_000_000;
  /** Default of {@code --records} for the sinks runs: 1,500 stations x 200 states. */
  public static final long SINK_RECORDS = 300_000;

  @Option(
      names = "--records",
      description =
          "Records pre-loaded for the throughput run (default: 2000000) and the sinks run (default: 300000).")
  public Long records;

  @Option(
      names = "--stations",
      defaultValue = "1500",
      description = "Stations in the generated network (default: ${DEFAULT-VALUE}).")
  public int stations;

  @Option(
      names = "--rates",
      split = ",",
      defaultValue = "1000,10000",
      description = "Input rates of the latency runs, records/s (default: ${DEFAULT-VALUE}).")
  public List<Integer> rates;

  @Option(
      names = "--latency-duration",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Measured part of each latency run (default: ${DEFAULT-VALUE}).")
  public Duration latencyDuration;

  @Option(
      names = "--warmup",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Unmeasured start of each latency run (default: ${DEFAULT-VALUE}).")
  public Duration warmup;

  @Option(
      names = "--engines",
      split = ",",
      defaultValue = "citypulse,kafka-streams",
      description = "Engines of the throughput and latency runs (default: ${DEFAULT-VALUE}).")
  public List<String> engines;

  @Option(
      names = "--sinks",
      split = ",",
      defaultValue = "postgres,parquet",
      description = "Storage sinks of the sinks run (default: ${DEFAULT-VALUE}).")
  public List<String> sinks;

  @Option(
      names = "--peer-latency-cache-bytes",
      defaultValue = "0",
      description =
          "Record cache of the Kafka Streams peer in latency runs (default: ${DEFAULT-VALUE}: off,"
              + " lowest latency at moderate rates; 10485760 = its default, which holds updates until each 100 ms commit).")
  public long peerLatencyCacheBytes;

  @Option(
      names = "--loopback-records",
      defaultValue = "1000000",
      description = "Records of the raw producer/consumer loopback (default: ${DEFAULT-VALUE}).")
  public long loopbackRecords;

  @Option(
      names = "--out",
      defaultValue = "target/bench-results.json",
      description =
          "JSON results file, relative to the working directory (default: ${DEFAULT-VALUE}).")
  public Path out;

  @Option(
      names = "--app-jar",
      description =
          "citypulse.jar for the start-up run and the world run "
              + "(default: citypulse-app/target/citypulse.jar next to this jar's module, or under the working directory).")
  public Path appJar;

  @Option(
      names = "--heap",
      defaultValue = "1g",
      description = "-Xmx of every measured JVM, both engines alike (default: ${DEFAULT-VALUE}).")
  public String heap;

  @Option(
      names = "--threads",
      description =
          "Spark local[N] cores and Kafka Streams threads (default: the number of cores).")
  public Integer threads;

  @Option(
      names = "--state-partitions",
      description = "Spark's shuffle (state) partitions (default: one per Spark core, as citypulse"
          + " itself defaults).")
  public Integer statePartitions;

  @Option(
      names = "--seed",
      defaultValue = "42",
      description = "Seed of the generated data (default: ${DEFAULT-VALUE}).")
  public long seed;

  @Option(
      names = "--worker-timeout",
      defaultValue = "20m",
      converter = DurationConverter.class,
      description = "Longest a single measured process may run (default: ${DEFAULT-VALUE}).")
  public Duration workerTimeout;

  @Option(
      names = "--keep-work",
      description = "Keep each run's temporary directory (broker data, logs).")
  public boolean keepWork;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print worker output and JMH progress.")
  public boolean verbose;

  public long throughputRecords() {
    return records != null ? records : THROUGHPUT_RECORDS;
  }

  public long sinkRecords() {
    return records != null ? records : SINK_RECORDS;
  }

  public int threads() {
    return threads != null ? threads : Runtime.getRuntime().availableProcessors();
  }

  public int statePartitions() {
    return statePartitions != null ? statePartitions : threads();
  }

  /** The options as they go into the JSON. */
  public Map<String, Object> asMap() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("runs", runs);
    map.put("records", throughputRecords());
    map.put("sink_records", sinkRecords());
    map.put("stations", stations);
    map.put("rates", rates);
    map.put("engines", engines);
    map.put("sinks", sinks);
    map.put("peer_latency_cache_bytes", peerLatencyCacheBytes);
    map.put("latency_duration_s", latencyDuration.toMillis() / 1000.0);
    map.put("warmup_s", warmup.toMillis() / 1000.0);
    map.put("loopback_records", loopbackRecords);
    map.put("heap", heap);
    map.put("threads", threads());
    map.put("state_partitions", statePartitions());
    map.put("seed", seed);
    return map;
  }

  /** {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or ISO-8601 ({@code PT30S}). */
  public static final class DurationConverter implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      return parse(value);
    }

    public static Duration parse(String value) {
      String v = value.trim().toLowerCase(java.util.Locale.ROOT);
      if (v.startsWith("pt")) {
        return Duration.parse(value.trim());
      }
      if (v.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
      }
      long amount = Long.parseLong(v.substring(0, v.length() - 1));
      return switch (v.charAt(v.length() - 1)) {
        case 's' -> Duration.ofSeconds(amount);
        case 'm' -> Duration.ofMinutes(amount);
        case 'h' -> Duration.ofHours(amount);
        default ->
          throw new IllegalArgumentException("not a duration: " + value + " (e.g. 30s, 2m, 500ms)");
      };
    }
  }
}
