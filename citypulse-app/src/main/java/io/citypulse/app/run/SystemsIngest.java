package io.citypulse.app.run;

import io.citypulse.model.time.Sleeper;
import io.citypulse.sources.http.FeedClient;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.ChangeDetector;
import io.citypulse.sources.poll.GbfsPoller;
import io.citypulse.sources.poll.GbfsSettings;
import io.citypulse.sources.poll.StationFilter;
import io.citypulse.sources.poll.SystemReport;
import io.citypulse.sources.poll.SystemsPoller;
import io.citypulse.sources.poll.SystemsSummary;
import io.citypulse.sources.postcode.ChainedPostcodeResolver;
import io.citypulse.sources.postcode.PostcodeResolution;
import io.citypulse.sources.publish.DeadLetterPublisher;
import io.citypulse.sources.publish.StationIngest;
import io.citypulse.sources.publish.StationPublisher;
import io.citypulse.sources.publish.StationSink;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GBFS side of a catalogue-wide run: one producer, one HTTP client and one change detector
 * for every system, and per system its own {@link StationIngest} (records keyed by its System ID)
 * and {@link GbfsPoller} (its discovery, ttl and backoff), all driven by one {@link SystemsPoller}
 * within the run's caps. Threads do not grow with the catalogue: the scheduler, {@code
 * gbfs.systems.max-in-flight} workers and one thread asking again for stations whose postcode is
 * pending.
 */
final class SystemsIngest implements BikeIngest {
  private static final Logger LOG = LoggerFactory.getLogger(SystemsIngest.class);

  /** Systems named by name in health and metrics: the worst ones; the rest are counted. */
  static final int WORST_SHOWN = 5;

  private final SystemsSelection selection;
  private final ChainedPostcodeResolver resolver;
  private final KafkaProducer<String, byte[]> producer;
  private final SystemsPoller poller;
  private final ScheduledExecutorService rechecks;

  private SystemsIngest(
      SystemsSelection selection,
      ChainedPostcodeResolver resolver,
      KafkaProducer<String, byte[]> producer,
      SystemsPoller poller,
      ScheduledExecutorService rechecks) {
    this.selection = selection;
    this.resolver = resolver;
    this.producer = producer;
    this.poller = poller;
    this.rechecks = rechecks;
  }

  /** Starts polling every selected system and publishing its stations. */
  static SystemsIngest start(
      SystemsSelection selection,
      StationFilter stations,
      ChainedPostcodeResolver resolver,
      String bootstrapServers,
      String stationsTopic,
      String deadLetterTopic,
      Counters counters) {
    Clock clock = Clock.systemUTC();
    KafkaProducer<String, byte[]> producer = Ingest.stationsProducer(bootstrapServers);
    StationPublisher publisher = new StationPublisher(producer, stationsTopic, counters);
    DeadLetterPublisher deadLetters = new DeadLetterPublisher(producer, deadLetterTopic, counters);
    Duration timeout = selection.polled().get(0).settings().timeout();
    // One client for all: its connection pool is shared, and the per-host cap bounds what each
    // host gets.
    FeedClient client = new FeedClient(timeout, timeout, clock);
    ChangeDetector changes = new ChangeDetector(); // keyed system:station, so one serves all
    Counters publishedBySystem = new Counters();
    // Without a geocoder, UNKNOWN is final: nothing to ask again between polls.
    boolean geocoding = resolver.status().geocoder() != PostcodeResolution.GeocoderState.OFF;
    List<StationIngest> ingests = new ArrayList<>();
    List<SystemsPoller.PolledSystem> polled = new ArrayList<>();
    for (SystemsSelection.PolledSystem system : selection.polled()) {
      GbfsSettings settings = system.settings();
      String id = settings.system();
      StationSink counted = (record, onFailure) -> {
        publishedBySystem.increment(id);
        publisher.publish(record, onFailure);
      };
      StationIngest ingest = new StationIngest(
          id,
          stations,
          resolver,
          changes,
          counted,
          counters,
          StationIngest.DEFAULT_PENDING_WAIT,
          geocoding);
      ingests.add(ingest);
      GbfsPoller gbfs =
          new GbfsPoller(settings, client, clock, Sleeper.SYSTEM, ingest, deadLetters, counters);
      polled.add(new SystemsPoller.GbfsSystemPoll(id, system.host(), gbfs, publishedBySystem));
    }
    SystemsPoller poller = new SystemsPoller(
        polled,
        selection.maxInFlight(),
        selection.maxPerHost(),
        clock,
        counters,
        selection.polled().get(0).settings().backoffInitial());
    ScheduledExecutorService rechecks = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "citypulse-postcode-recheck");
      thread.setDaemon(true);
      return thread;
    });
    // One thread for every system's held stations (StationIngest.startRechecks would start one
    // per system): published at their pending timeout, moved when the geocoder answers.
    long every = StationIngest.DEFAULT_RECHECK_INTERVAL.toMillis();
    if (geocoding) {
      rechecks.scheduleWithFixedDelay(
          () -> {
            for (StationIngest ingest : ingests) {
              try {
                ingest.recheck();
              } catch (RuntimeException e) {
                LOG.error("postcode recheck failed", e);
              }
            }
          },
          every,
          every,
          TimeUnit.MILLISECONDS);
    }
    poller.start();
    return new SystemsIngest(selection, resolver, producer, poller, rechecks);
  }

  SystemsSelection selection() {
    return selection;
  }

  /** Every system's report, in catalogue order. */
  @Override
  public List<PollRound> rounds() {
    return poller.reports().stream().map(PollRound::of).toList();
  }

  List<SystemReport> reports() {
    return poller.reports();
  }

  /** The run at a glance, naming the {@value #WORST_SHOWN} worst systems. */
  SystemsSummary summary() {
    return SystemsSummary.of(poller.reports(), WORST_SHOWN);
  }

  /** What happened since the previous call: the status line's round. */
  SystemsPoller.Round takeRound() {
    return poller.takeRound();
  }

  @Override
  public Instant lastSuccessfulPoll() {
    return summary().lastSuccess();
  }

  @Override
  public PostcodeResolution postcodes() {
    return resolver.status();
  }

  /** Stops polling, then the rechecks, then the producer; the resolver is the postcodes stage's. */
  @Override
  public void close() {
    poller.close(selection.polled().get(0).settings().timeout().multipliedBy(2).plusSeconds(5));
    rechecks.shutdown();
    try {
      if (!rechecks.awaitTermination(5, TimeUnit.SECONDS)) {
        rechecks.shutdownNow();
      }
    } catch (InterruptedException e) {
      rechecks.shutdownNow();
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(10));
  }
}
