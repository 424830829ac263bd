package io.citypulse.sources.poll;

import io.citypulse.model.StationInformation;
import io.citypulse.model.StationStatus;
import io.citypulse.model.time.Sleeper;
import io.citypulse.sources.gbfs.FeedParseException;
import io.citypulse.sources.gbfs.FeedSnapshot;
import io.citypulse.sources.gbfs.GbfsDiscovery;
import io.citypulse.sources.gbfs.GbfsParser;
import io.citypulse.sources.gbfs.RejectedItem;
import io.citypulse.sources.gbfs.StationlessSystemException;
import io.citypulse.sources.gbfs.VehicleType;
import io.citypulse.sources.gbfs.VehicleTypes;
import io.citypulse.sources.http.Backoff;
import io.citypulse.sources.http.FeedFetcher;
import io.citypulse.sources.http.FeedResponse;
import io.citypulse.sources.metrics.Counters;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Polls one GBFS system: resolves discovery once, loads vehicle types if listed, refreshes
 * station_information on its own ttl, polls station_status every ttl (clamped to the settings'
 * interval), and hands each successful poll's stations, joined with their information, to a
 * {@link StationListener}. Failures back off exponentially (429 waits at least Retry-After), bodies
 * that cannot be read go to the dead letters; nothing here stops the polling.
 *
 * <p>{@link #start()} runs cycles on its own thread; {@link #pollOnce()} runs one cycle on the
 * caller's thread (tests, and a one-shot poll). The thread, backoff, counting, dead letters and
 * status bookkeeping are {@link PollLoop}'s; this class is what GBFS needs on top.
 */
public final class GbfsPoller implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(GbfsPoller.class);

  // Counter names; the CLI status line reads polls.ok, polls.failed, dead_letters and
  // stations.without_information.
  /** Cycles run. */
  public static final String POLLS = "polls";
  /** station_status fetched: a new body or 304. */
  public static final String POLLS_OK = "polls.ok";
  /** Cycles that failed (discovery or station_status), whatever the reason. */
  public static final String POLLS_FAILED = "polls.failed";
  /** Followed by the reason: timeout, io_error, http_error, rate_limited, parse. */
  public static final String POLLS_FAILED_PREFIX = "polls.failed.";

  public static final String NOT_MODIFIED = "polls.not_modified";
  public static final String DISCOVERY_OK = "discovery.ok";
  public static final String DISCOVERY_FAILED = "discovery.failed";
  public static final String INFORMATION_REFRESHES = "information.refreshes";
  public static final String INFORMATION_EARLY_REFRESHES = "information.early_refreshes";
  public static final String INFORMATION_FAILED = "information.failed";
  public static final String VEHICLE_TYPES_FAILED = "vehicle_types.failed";
  /** Bodies of any feed that could not be read. */
  public static final String PARSE_ERRORS = "parse_errors";
  /** Feed entries rejected (each also dead-lettered). */
  public static final String REJECTED = "records.rejected";
  /** Distinct stations delivered at least once without station_information. */
  public static final String STATIONS_WITHOUT_INFORMATION = "stations.without_information";

  public static final String STATIONS_DELIVERED = "stations.delivered";
  /** Entries of a station_id listed twice in one station_status; the newest is kept. */
  public static final String DUPLICATE_STATION_IDS = "stations.duplicate_ids";
  /** Codes (short_name) shared by several stations, which are then keyed by station_id. */
  public static final String SHARED_STATION_CODES = "stations.shared_codes";

  public static final String DEAD_LETTERS = "dead_letters";
  public static final String DEAD_LETTER_ERRORS = "dead_letters.failed";
  public static final String LISTENER_ERRORS = "poller.listener_errors";
  public static final String INTERNAL_ERRORS = "poller.internal_errors";
  private static final PollLoop.Counts COUNTS = new PollLoop.Counts(
      POLLS,
      POLLS_OK,
      POLLS_FAILED,
      PARSE_ERRORS,
      DEAD_LETTERS,
      DEAD_LETTER_ERRORS,
      LISTENER_ERRORS,
      INTERNAL_ERRORS);

  private final GbfsSettings settings;
  private final FeedFetcher fetcher;
  private final Clock clock;
  private final StationListener listener;
  private final Counters counters;
  private final PollLoop loop;

  // Feed state: only touched by a cycle (one at a time).
  private GbfsDiscovery discovery;
  private VehicleTypes vehicleTypes = VehicleTypes.NONE;
  private String vehicleTypesEtag;
  private int vehicleTypesTtl;
  private Instant vehicleTypesDueAt = Instant.MIN;
  private Map<String, StationInformation> information = Map.of();
  private Map<String, StationInformation> informationByCode = Map.of();
  private boolean informationLoaded;
  private String informationEtag;
  private int informationTtl;
  private Instant informationDueAt = Instant.MIN;
  private String statusEtag;
  private volatile int statusTtl;
  private final Set<String> refreshedForMissing = new HashSet<>();
  private final Set<String> reportedWithoutInformation = new HashSet<>();
  private final Set<String> reportedDuplicateIds = new HashSet<>();
  private final Set<String> reportedSharedCodes = new HashSet<>();
  private boolean warnedNoInformation;

  // Status, read from other threads.
  private volatile Instant lastSuccess;
  private volatile int lastStationCount;
  private volatile int informationCount;
  private volatile Instant dataUpdatedAt;
  private volatile URI statusUrl;
  private volatile String version;
  private volatile String stationless;

  /** With a jittered {@link Backoff} from the settings. */
  public GbfsPoller(
      GbfsSettings settings,
      FeedFetcher fetcher,
      Clock clock,
      Sleeper sleeper,
      StationListener listener,
      DeadLetterSink deadLetters,
      Counters counters) {
    this(
        settings,
        fetcher,
        clock,
        sleeper,
        listener,
        deadLetters,
        counters,
        Backoff.withJitter(settings.backoffInitial(), settings.backoffMax()));
  }

  /** With a backoff of your own (tests: {@link Backoff#withoutJitter}). */
  public GbfsPoller(
      GbfsSettings settings,
      FeedFetcher fetcher,
      Clock clock,
      Sleeper sleeper,
      StationListener listener,
      DeadLetterSink deadLetters,
      Counters counters,
      Backoff backoff) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.fetcher = Objects.requireNonNull(fetcher, "fetcher");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.counters = Objects.requireNonNull(counters, "counters");
    this.loop = new PollLoop(
        "gbfs-poller-" + settings.system(),
        LOG,
        this::cycle,
        backoff,
        COUNTS,
        clock,
        sleeper,
        counters,
        deadLetters);
  }

  /** Starts polling on a daemon thread named {@code gbfs-poller-<system>}. */
  public void start() {
    loop.start();
    LOG.info("Polling {} for system '{}'", settings.url(), settings.system());
  }

  /** Stops the thread: interrupts a wait or a fetch in progress and waits for the cycle to end. */
  @Override
  public void close() {
    loop.stop(settings.timeout().multipliedBy(2).plusSeconds(5));
  }

  public PollerStatus status() {
    return new PollerStatus(
        loop.running(),
        statusUrl,
        version,
        lastSuccess,
        loop.lastErrorAt(),
        loop.lastError(),
        lastStationCount,
        informationCount,
        loop.nextPollAt(),
        dataUpdatedAt,
        statusTtl);
  }

  /**
   * Why the system has nothing to count, when its discovery file said so (free-floating vehicles
   * only, or no {@code station_status} listed); null otherwise. This poller keeps retrying such a
   * system like any failure; a catalogue-wide run reads this to set it aside instead.
   */
  public String stationless() {
    return stationless;
  }

  /**
   * Runs one cycle: discovery if not resolved yet, vehicle types and station_information when due,
   * then station_status. Never throws for feed problems.
   *
   * @return how long to wait before the next cycle
   */
  public Duration pollOnce() {
    return loop.pollOnce();
  }

  private Duration cycle() {
    if (discovery == null) {
      Duration failed = resolveDiscovery();
      if (failed != null) {
        return failed;
      }
    }
    Instant now = clock.instant();
    refreshVehicleTypesIfDue(now);
    if (discovery.stationInformation().isPresent() && !now.isBefore(informationDueAt)) {
      refreshInformation();
    }
    return pollStatus();
  }

  /** Null on success, else the wait before retrying. */
  private Duration resolveDiscovery() {
    URI url = settings.url();
    FeedResponse response = fetcher.fetch(url, null);
    if (!(response instanceof FeedResponse.Ok ok)) {
      counters.increment(DISCOVERY_FAILED);
      return fetchFailed("gbfs", url, response);
    }
    try {
      discovery = GbfsDiscovery.parse(ok.body(), url, settings.language());
    } catch (StationlessSystemException e) {
      counters.increment(DISCOVERY_FAILED);
      stationless = e.reason();
      return parseFailed(url, ok.body(), e);
    } catch (FeedParseException e) {
      counters.increment(DISCOVERY_FAILED);
      return parseFailed(url, ok.body(), e);
    }
    stationless = null;
    counters.increment(DISCOVERY_OK);
    statusUrl = discovery.stationStatus();
    version = discovery.version();
    if (discovery.direct()) {
      LOG.info(
          "{} is a station_status feed (GBFS {}); station_information: {}",
          url,
          discovery.version(),
          discovery.stationInformation().map(URI::toString).orElse("none"));
    } else {
      LOG.info(
          "GBFS {} discovery at {}{}: feeds {}",
          discovery.version(),
          url,
          discovery.language() == null ? "" : " (language " + discovery.language() + ")",
          discovery.feeds().keySet());
    }
    if (discovery.stationInformation().isEmpty() && !warnedNoInformation) {
      warnedNoInformation = true;
      LOG.warn(
          "No station_information feed for {}: records will have no name, place or feed postcode",
          url);
    }
    return null;
  }

  private void refreshVehicleTypesIfDue(Instant now) {
    Optional<URI> listed = discovery.vehicleTypes();
    if (listed.isEmpty() || now.isBefore(vehicleTypesDueAt)) {
      return;
    }
    URI url = listed.get();
    FeedResponse response = fetcher.fetch(url, vehicleTypesEtag);
    if (response instanceof FeedResponse.Ok ok) {
      try {
        FeedSnapshot<VehicleType> snapshot = GbfsParser.vehicleTypes(ok.body());
        rejected(url, GbfsParser.VEHICLE_TYPES, snapshot.rejects());
        vehicleTypes = VehicleTypes.of(snapshot.items());
        vehicleTypesEtag = ok.etag();
        vehicleTypesTtl = snapshot.ttlSeconds();
        vehicleTypesDueAt = now.plus(settings.informationInterval(vehicleTypesTtl));
        LOG.info("Vehicle types: {}", vehicleTypes);
      } catch (FeedParseException e) {
        counters.increment(VEHICLE_TYPES_FAILED);
        noteParseFailure(url, ok.body(), e);
        vehicleTypesDueAt = now.plus(settings.informationMinInterval());
      }
    } else if (response.kind() == FeedResponse.Kind.NOT_MODIFIED) {
      vehicleTypesDueAt = now.plus(settings.informationInterval(vehicleTypesTtl));
    } else if (discovery.direct()
        && response instanceof FeedResponse.HttpError error
        && (error.status() == 404 || error.status() == 410)) {
      // The URL was guessed from a direct station_status URL: most such systems have none.
      LOG.info(
          "No vehicle_types feed at {} ({}): bike kinds come from the status feed only",
          url,
          response.describe());
      vehicleTypesDueAt = now.plus(settings.informationMaxInterval());
    } else {
      counters.increment(VEHICLE_TYPES_FAILED);
      noteFailure(GbfsParser.VEHICLE_TYPES, url, response);
      vehicleTypesDueAt = now.plus(settings.informationMinInterval());
    }
  }

  /** Fetches station_information; on failure the previous information is kept. */
  private void refreshInformation() {
    URI url = discovery.stationInformation().orElseThrow();
    FeedResponse response = fetcher.fetch(url, informationLoaded ? informationEtag : null);
    Instant now = clock.instant();
    // Until it has been read once, retry it every status cycle; afterwards, not too often.
    Instant retryAt = informationLoaded ? now.plus(settings.informationMinInterval()) : now;
    if (response instanceof FeedResponse.Ok ok) {
      try {
        FeedSnapshot<StationInformation> snapshot =
            GbfsParser.stationInformation(ok.body(), settings.language());
        rejected(url, GbfsParser.STATION_INFORMATION, snapshot.rejects());
        Map<String, StationInformation> byId = new LinkedHashMap<>();
        Map<String, StationInformation> byCode = new LinkedHashMap<>();
        snapshot.items().forEach(station -> {
          byId.put(station.stationId(), station);
          byCode.put(station.stationCode(), station);
        });
        information = byId;
        informationByCode = byCode;
        informationLoaded = true;
        informationCount = byId.size();
        informationEtag = ok.etag();
        informationTtl = snapshot.ttlSeconds();
        informationDueAt = now.plus(settings.informationInterval(informationTtl));
        refreshedForMissing.removeIf(id -> byId.containsKey(id) || byCode.containsKey(id));
        counters.increment(INFORMATION_REFRESHES);
        LOG.debug(
            "station_information: {} stations, next refresh at {}", byId.size(), informationDueAt);
      } catch (FeedParseException e) {
        counters.increment(INFORMATION_FAILED);
        noteParseFailure(url, ok.body(), e);
        informationDueAt = retryAt;
      }
    } else if (response.kind() == FeedResponse.Kind.NOT_MODIFIED) {
      informationDueAt = now.plus(settings.informationInterval(informationTtl));
    } else {
      counters.increment(INFORMATION_FAILED);
      noteFailure(GbfsParser.STATION_INFORMATION, url, response);
      informationDueAt = retryAt;
    }
  }

  private Duration pollStatus() {
    URI url = discovery.stationStatus();
    FeedResponse response = fetcher.fetch(url, statusEtag);
    Instant fetchedAt = clock.instant();
    if (response.kind() == FeedResponse.Kind.NOT_MODIFIED) {
      counters.increment(NOT_MODIFIED);
      succeeded(fetchedAt);
      return settings.statusInterval(statusTtl);
    }
    if (!(response instanceof FeedResponse.Ok ok)) {
      if (!discovery.direct()
          && response instanceof FeedResponse.HttpError error
          && (error.status() == 404 || error.status() == 410)) {
        // The system may have moved its feeds: read the discovery file again next cycle.
        LOG.warn(
            "station_status {} is gone ({}): re-reading discovery next time",
            url,
            response.describe());
        discovery = null;
      }
      return fetchFailed(GbfsParser.STATION_STATUS, url, response);
    }
    FeedSnapshot<StationStatus> snapshot;
    try {
      snapshot = GbfsParser.stationStatus(ok.body(), vehicleTypes);
    } catch (FeedParseException e) {
      return parseFailed(url, ok.body(), e);
    }
    rejected(url, GbfsParser.STATION_STATUS, snapshot.rejects());
    refreshInformationForUnknownStations(snapshot.items());

    List<JoinedStation> joined = new ArrayList<>(snapshot.items().size());
    for (StationStatus status : snapshot.items()) {
      StationInformation info = informationOf(status);
      if (info == null && reportedWithoutInformation.add(status.stationId())) {
        counters.increment(STATIONS_WITHOUT_INFORMATION);
        LOG.warn(
            "Station {} (id {}) is in station_status but not in station_information: delivered "
                + "without name and coordinates",
            status.stationCode(),
            status.stationId());
      }
      joined.add(new JoinedStation(status, info));
    }
    joined = unique(joined);
    succeeded(fetchedAt);
    lastStationCount = joined.size();
    statusTtl = snapshot.ttlSeconds();
    dataUpdatedAt = snapshot.lastUpdated();
    if (deliver(
        new StationBatch(url, fetchedAt, snapshot.lastUpdated(), snapshot.version(), joined))) {
      // Only now: a batch the listener failed on must come back whole, not as a 304.
      statusEtag = ok.etag();
    }
    return settings.statusInterval(statusTtl);
  }

  /**
   * A station in the status but not in the information is usually a new station (the two feeds
   * are not generated at the same instant): refresh the information once, early, rather than
   * publishing it without name and place until the next refresh. Once per station id.
   */
  private void refreshInformationForUnknownStations(List<StationStatus> statuses) {
    if (discovery.stationInformation().isEmpty()) {
      return;
    }
    List<String> unknown = new ArrayList<>();
    for (StationStatus status : statuses) {
      if (informationOf(status) == null && !refreshedForMissing.contains(status.stationId())) {
        unknown.add(status.stationId());
      }
    }
    if (unknown.isEmpty()) {
      return;
    }
    refreshedForMissing.addAll(unknown);
    counters.increment(INFORMATION_EARLY_REFRESHES);
    LOG.info(
        "{} stations of station_status are not in station_information (e.g. {}): refreshing it early",
        unknown.size(),
        unknown.subList(0, Math.min(5, unknown.size())));
    refreshInformation();
  }

  /** One entry per station_id, one station per code; what had to change is logged once and counted. */
  private List<JoinedStation> unique(List<JoinedStation> joined) {
    UniqueStations.Result unique = UniqueStations.of(joined);
    for (UniqueStations.Duplicate duplicate : unique.duplicates()) {
      counters.increment(DUPLICATE_STATION_IDS);
      String id = duplicate.kept().status().stationId();
      if (reportedDuplicateIds.add(id)) {
        LOG.warn(
            "station_status lists station_id {} more than once: the entry last reported at {}"
                + " is kept, the one of {} ignored",
            id,
            duplicate.kept().status().lastReported(),
            duplicate.dropped().status().lastReported());
      }
    }
    for (String code : unique.recoded()) {
      if (reportedSharedCodes.add(code)) {
        counters.increment(SHARED_STATION_CODES);
        LOG.warn(
            "Several stations share the code '{}': each of them is keyed by its station_id"
                + " instead, so that none hides another",
            code);
      }
    }
    return unique.stations();
  }

  /** By station_id; else by Vélib' stationCode, which both feeds carry. */
  private StationInformation informationOf(StationStatus status) {
    StationInformation info = information.get(status.stationId());
    if (info == null && status.stationCode() != null) {
      info = informationByCode.get(status.stationCode());
    }
    return info;
  }

  private boolean deliver(StationBatch batch) {
    int size = batch.stations().size();
    if (!loop.deliver(
        () -> listener.onStations(batch), "a batch of " + size + " stations", loop::recordError)) {
      return false;
    }
    counters.add(STATIONS_DELIVERED, size);
    return true;
  }

  private void succeeded(Instant at) {
    loop.succeeded();
    lastSuccess = at;
  }

  /** A failed fetch of the cycle's main feed: counted, logged, and the cycle backs off. */
  private Duration fetchFailed(String feed, URI url, FeedResponse response) {
    loop.countFailure(response.kind().name().toLowerCase(Locale.ROOT));
    noteFailure(feed, url, response);
    return backOff(
        response instanceof FeedResponse.RateLimited limited ? limited.retryAfter() : null);
  }

  private void noteFailure(String feed, URI url, FeedResponse response) {
    String message = feed + " " + url + ": " + response.describe();
    loop.recordError(message);
    LOG.warn("Fetching {}", message);
  }

  /** A body of the cycle's main feed could not be read: dead-lettered, and the cycle backs off. */
  private Duration parseFailed(URI url, byte[] body, FeedParseException e) {
    loop.countFailure("parse");
    noteParseFailure(url, body, e);
    return backOff(null);
  }

  private Duration backOff(Duration retryAfter) {
    Duration wait = loop.backOff(retryAfter);
    LOG.warn(
        "Next attempt in {} s ({} failures in a row)",
        wait.toMillis() / 1000.0,
        loop.failuresInARow());
    return wait;
  }

  private void noteParseFailure(URI url, byte[] body, FeedParseException e) {
    loop.recordError(e.getMessage());
    LOG.warn("Unreadable body from {}: {}", url, e.getMessage());
    loop.unreadable(url, e.getMessage(), body);
  }

  private void rejected(URI url, String feed, List<RejectedItem> rejects) {
    if (rejects.isEmpty()) {
      return;
    }
    counters.add(REJECTED, rejects.size());
    LOG.warn(
        "{}: {} entries rejected, e.g. {} in {}",
        feed,
        rejects.size(),
        rejects.get(0).reason(),
        rejects.get(0).rawJson());
    Instant at = clock.instant();
    for (RejectedItem item : rejects) {
      loop.deadLetter(new DeadLetter(
          url,
          feed + " entry: " + item.reason(),
          item.rawJson().getBytes(StandardCharsets.UTF_8),
          at));
    }
  }
}
