package io.citypulse.sources.ingest;

import io.citypulse.model.PostcodeLocation;
import io.citypulse.model.StationInformation;
import io.citypulse.model.StationRecord;
import io.citypulse.model.StationStatus;
import io.citypulse.sources.gbfs.FeedParseException;
import io.citypulse.sources.gbfs.FeedSnapshot;
import io.citypulse.sources.gbfs.GbfsDiscovery;
import io.citypulse.sources.gbfs.GbfsParser;
import io.citypulse.sources.gbfs.RejectedItem;
import io.citypulse.sources.gbfs.VehicleTypes;
import io.citypulse.sources.ingest.FeedFetcher.Fetch;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.postcode.PostcodeResolver;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls a GBFS system and publishes the stations that changed: discovery, station_information
 * (refreshed on its own ttl), station_status (every ttl clamped to the configured bounds, with
 * ETag, backoff and Retry-After), join, filter, postcode, change detection, Kafka.
 *
 * <p>One background thread; {@link #pollOnce()} is one round, callable directly by tests.
 */
public final class StationIngest implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StationIngest.class);
  /** How long a poll waits for the geocoder before holding pending stations to the next poll. */
  private static final Duration PENDING_WAIT = Duration.ofSeconds(5);

  private final IngestSettings settings;
  private final FeedFetcher fetcher;
  private final PostcodeResolver resolver;
  private final KafkaPublisher publisher;
  private final Counters counters;
  private final Clock clock;
  private final ChangeDetector changes = new ChangeDetector();
  private final Backoff backoff;
  private final Set<String> reportedWithoutInformation = new HashSet<>();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private volatile boolean running;
  private Thread thread;

  private GbfsDiscovery discovery;
  private VehicleTypes vehicleTypes = VehicleTypes.NONE;
  private Map<String, StationInformation> infoById = Map.of();
  private Map<String, StationInformation> infoByCode = Map.of();
  private String infoEtag;
  private Instant infoDueAt = Instant.MIN;
  private int infoTtl;
  private String statusEtag;
  private int statusTtl;
  private volatile Instant lastSuccessfulPoll;
  private volatile String lastError;

  public StationIngest(IngestSettings settings, FeedFetcher fetcher, PostcodeResolver resolver,
      KafkaPublisher publisher, Counters counters, Clock clock) {
    this.settings = settings;
    this.fetcher = fetcher;
    this.resolver = resolver;
    this.publisher = publisher;
    this.counters = counters;
    this.clock = clock;
    this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax(), Math::random);
  }

  /** Starts polling on a background thread. */
  public synchronized void start() {
    running = true;
    thread = new Thread(this::loop, "citypulse-gbfs-poller");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    while (running) {
      Duration delay;
      try {
        delay = pollOnce();
      } catch (RuntimeException e) {
        // A bug or an unexpected feed shape must not end polling: log, count, back off.
        counters.increment("ingest.errors");
        lastError = e.toString();
        LOG.error("poll failed unexpectedly; retrying", e);
        delay = backoff.nextDelay();
      }
      sleep(delay);
    }
  }

  private void sleep(Duration delay) {
    lock.lock();
    try {
      if (running) {
        wakeUp.await(delay.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  /**
   * One polling round.
   *
   * @return how long to wait before the next round
   */
  public Duration pollOnce() {
    if (discovery == null && !discover()) {
      return backoff.nextDelay();
    }
    if (!clock.instant().isBefore(infoDueAt)) {
      refreshInformation();
    }
    URI statusUrl = discovery.stationStatus();
    Fetch fetch = fetcher.fetch(statusUrl, statusEtag);
    if (fetch instanceof Fetch.Ok ok) {
      return onStatus(statusUrl, ok);
    }
    if (fetch instanceof Fetch.NotModified) {
      counters.increment("polls.ok");
      counters.increment("polls.not_modified");
      succeeded();
      return settings.pollInterval(statusTtl);
    }
    counters.increment("polls.failed");
    Duration wait = backoff.nextDelay();
    if (fetch instanceof Fetch.RateLimited limited) {
      counters.increment("polls.rate_limited");
      if (limited.retryAfter() != null && limited.retryAfter().compareTo(wait) > 0) {
        wait = limited.retryAfter();
      }
      failed("rate limited (429) by " + statusUrl + "; next poll in " + wait.toSeconds() + " s");
    } else {
      Fetch.Failed failure = (Fetch.Failed) fetch;
      counters.increment("polls.failed." + failure.kind());
      failed(failure.reason() + "; next poll in " + wait.toMillis() + " ms");
    }
    return wait;
  }

  private Duration onStatus(URI statusUrl, Fetch.Ok ok) {
    FeedSnapshot<StationStatus> snapshot;
    try {
      snapshot = GbfsParser.stationStatus(ok.body(), vehicleTypes);
    } catch (FeedParseException e) {
      counters.increment("polls.failed");
      counters.increment("polls.failed.parse");
      publisher.deadLetter(statusUrl.toString(), e.getMessage(), ok.body());
      Duration wait = backoff.nextDelay();
      failed("unparseable station_status from " + statusUrl + " (sent to the dead-letter topic): "
          + e.getMessage());
      return wait;
    }
    counters.increment("polls.ok");
    statusEtag = ok.etag();
    statusTtl = snapshot.ttlSeconds();
    deadLetters(statusUrl, snapshot.rejects());
    publish(snapshot.items());
    succeeded();
    return settings.pollInterval(statusTtl);
  }

  private void publish(List<StationStatus> statuses) {
    Instant fetchedAt = clock.instant();
    boolean informationRefreshed = false;
    List<StationStatus> pending = new ArrayList<>();
    for (StationStatus status : statuses) {
      StationInformation info = information(status);
      if (info == null && !informationRefreshed && discovery.stationInformation().isPresent()) {
        // A new station appears in status before information's ttl ends: refresh once now.
        refreshInformation();
        informationRefreshed = true;
        info = information(status);
      }
      if (!emit(status, info, fetchedAt)) {
        pending.add(status);
      }
    }
    if (pending.isEmpty()) {
      return;
    }
    try {
      resolver.awaitPending(PENDING_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    int held = 0;
    for (StationStatus status : pending) {
      if (!emit(status, information(status), fetchedAt)) {
        held++;
      }
    }
    if (held > 0) {
      counters.add("records.postcode_pending", held);
      LOG.info("{} station(s) wait for the geocoder; they are published on a later poll", held);
    }
  }

  /** Publishes one station if kept and changed; false if its postcode is still pending. */
  private boolean emit(StationStatus status, StationInformation info, Instant fetchedAt) {
    String code = status.stationCode() != null ? status.stationCode()
        : info != null && info.stationCode() != null ? info.stationCode() : status.stationId();
    if (!settings.stations().matches(code, status.stationId())) {
      return true;
    }
    if (info == null && reportedWithoutInformation.add(code)) {
      counters.increment("stations.without_information");
      LOG.warn("station {} (id {}) is in station_status but not in station_information: published "
          + "without name and coordinates", code, status.stationId());
    }
    StationInformation lookup = info != null ? info
        : new StationInformation(status.stationId(), code, null, null, null, null, null);
    PostcodeLocation location = resolver.resolve(settings.system(), lookup);
    if (location.isPending()) {
      return false;
    }
    StationRecord record = StationRecord.of(settings.system(), status, info, location, fetchedAt);
    if (!changes.changed(record)) {
      counters.increment("records.unchanged");
      return true;
    }
    changes.published(record);
    publisher.publish(record, failed -> changes.forget(failed.key()));
    return true;
  }

  private StationInformation information(StationStatus status) {
    StationInformation info = infoById.get(status.stationId());
    if (info == null && status.stationCode() != null) {
      info = infoByCode.get(status.stationCode());
    }
    return info;
  }

  private boolean discover() {
    URI url = settings.feedUrl();
    Fetch fetch = fetcher.fetch(url, null);
    if (!(fetch instanceof Fetch.Ok ok)) {
      counters.increment("polls.failed");
      counters.increment("discovery.failed");
      failed("cannot read the GBFS discovery " + url + ": " + describe(fetch));
      return false;
    }
    try {
      discovery = GbfsDiscovery.parse(ok.body(), url, settings.language());
    } catch (FeedParseException e) {
      counters.increment("polls.failed");
      counters.increment("discovery.failed");
      publisher.deadLetter(url.toString(), e.getMessage(), ok.body());
      failed("not a GBFS discovery file nor a station_status feed: " + url + ": " + e.getMessage());
      return false;
    }
    LOG.info("GBFS {} system at {}: station_status {}, station_information {}", discovery.version(),
        url, discovery.stationStatus(), discovery.stationInformation().map(URI::toString).orElse("(none)"));
    discovery.vehicleTypes().ifPresent(this::loadVehicleTypes);
    return true;
  }

  private void loadVehicleTypes(URI url) {
    Fetch fetch = fetcher.fetch(url, null);
    if (fetch instanceof Fetch.Ok ok) {
      try {
        vehicleTypes = VehicleTypes.of(GbfsParser.vehicleTypes(ok.body()).items());
        return;
      } catch (FeedParseException e) {
        publisher.deadLetter(url.toString(), e.getMessage(), ok.body());
      }
    }
    LOG.warn("cannot read vehicle_types from {}: mechanical/electric counts may be unknown", url);
  }

  private void refreshInformation() {
    URI url = discovery.stationInformation().orElse(null);
    Instant now = clock.instant();
    if (url == null) {
      infoDueAt = Instant.MAX;
      return;
    }
    Fetch fetch = fetcher.fetch(url, infoEtag);
    if (fetch instanceof Fetch.Ok ok) {
      try {
        FeedSnapshot<StationInformation> snapshot = GbfsParser.stationInformation(ok.body(), settings.language());
        Map<String, StationInformation> byId = new HashMap<>();
        Map<String, StationInformation> byCode = new HashMap<>();
        for (StationInformation info : snapshot.items()) {
          byId.put(info.stationId(), info);
          if (info.stationCode() != null) {
            byCode.put(info.stationCode(), info);
          }
        }
        infoById = byId;
        infoByCode = byCode;
        infoEtag = ok.etag();
        infoTtl = snapshot.ttlSeconds();
        deadLetters(url, snapshot.rejects());
        infoDueAt = now.plus(settings.informationInterval(infoTtl));
        return;
      } catch (FeedParseException e) {
        counters.increment("information.failed");
        publisher.deadLetter(url.toString(), e.getMessage(), ok.body());
        LOG.warn("unparseable station_information from {} (sent to the dead-letter topic): {}", url,
            e.getMessage());
      }
    } else if (fetch instanceof Fetch.NotModified) {
      infoDueAt = now.plus(settings.informationInterval(infoTtl));
      return;
    } else {
      counters.increment("information.failed");
      LOG.warn("cannot refresh station_information: {}", describe(fetch));
    }
    infoDueAt = now.plus(settings.minInterval());
  }

  private void deadLetters(URI source, List<RejectedItem> rejects) {
    for (RejectedItem reject : rejects) {
      counters.increment("records.rejected");
      publisher.deadLetter(source.toString(), reject.reason(),
          reject.rawJson().getBytes(StandardCharsets.UTF_8));
    }
    if (!rejects.isEmpty()) {
      LOG.warn("{} entr{} of {} could not be read (sent to the dead-letter topic), first: {}",
          rejects.size(), rejects.size() == 1 ? "y" : "ies", source, rejects.get(0).reason());
    }
  }

  private static String describe(Fetch fetch) {
    if (fetch instanceof Fetch.Failed failed) {
      return failed.reason();
    }
    return fetch instanceof Fetch.RateLimited ? "rate limited (429)"
        : fetch instanceof Fetch.NotModified ? "not modified" : "ok";
  }

  private void succeeded() {
    backoff.reset();
    lastSuccessfulPoll = clock.instant();
    lastError = null;
  }

  private void failed(String message) {
    lastError = message;
    LOG.warn(message);
  }

  /** When the last poll succeeded (a 304 counts), or null if none yet. */
  public Instant lastSuccessfulPoll() {
    return lastSuccessfulPoll;
  }

  /** The last error, or null after a success. */
  public String lastError() {
    return lastError;
  }

  @Override
  public void close() {
    running = false;
    lock.lock();
    try {
      wakeUp.signalAll();
    } finally {
      lock.unlock();
    }
    Thread current;
    synchronized (this) {
      current = thread;
    }
    if (current != null) {
      try {
        current.join(TimeUnit.SECONDS.toMillis(15));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    publisher.flush();
  }
}
