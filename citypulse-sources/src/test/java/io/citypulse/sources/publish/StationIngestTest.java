package io.citypulse.sources.publish;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.PostcodeLocation;
import io.citypulse.model.StationInformation;
import io.citypulse.model.StationRecord;
import io.citypulse.model.StationStatus;
import io.citypulse.sources.metrics.Counters;
import io.citypulse.sources.poll.ChangeDetector;
import io.citypulse.sources.poll.JoinedStation;
import io.citypulse.sources.poll.StationBatch;
import io.citypulse.sources.poll.StationFilter;
import io.citypulse.sources.postcode.PostcodeResolver;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class StationIngestTest {
  private static final Instant FETCHED = Instant.parse("2025-10-18T09:00:02Z");
  private static final Instant REPORTED = Instant.parse("2025-10-18T08:31:34Z");
  private static final StationInformation GODARD = new StationInformation(
      "213688169", "16107", "Benjamin Godard - Victor Hugo", 48.865983, 2.275725, 35, null);
  private static final StationInformation BASILIQUE =
      new StationInformation("2515829865", "32017", "Basilique", 48.936, 2.358, 22, "93200");

  private final Counters counters = new Counters();
  private final ChangeDetector changes = new ChangeDetector();
  private final List<StationRecord> published = new ArrayList<>();
  private final List<Consumer<Exception>> failureCallbacks = new ArrayList<>();
  private final StationSink sink = (record, onFailure) -> {
    published.add(record);
    failureCallbacks.add(onFailure);
  };

  private static StationStatus status(String id, String code, int bikes) {
    return new StationStatus(id, code, bikes, 1, bikes - 1, 30, true, true, true, REPORTED);
  }

  private static StationBatch batch(JoinedStation... stations) {
    return new StationBatch(
        URI.create("http://x/station_status.json"), FETCHED, FETCHED, "1.0", List.of(stations));
  }

  private StationIngest ingest(StationFilter filter) {
    return new StationIngest(
        "velib",
        filter,
        (system, info) -> info.postcode() != null
            ? new PostcodeLocation(info.postcode(), null, PostcodeLocation.Source.FEED)
            : new PostcodeLocation("75116", "Paris", PostcodeLocation.Source.TABLE),
        changes,
        sink,
        counters);
  }

  @Test
  void filteredStationsArePublishedAsEnrichedRecords() {
    StationIngest ingest = ingest(StationFilter.parse("16107"));

    ingest.onStations(batch(
        new JoinedStation(status("213688169", "16107", 5), GODARD),
        new JoinedStation(status("2515829865", "32017", 9), BASILIQUE)));

    assertThat(published).singleElement().satisfies(record -> {
      assertThat(record.key()).isEqualTo("velib:16107");
      assertThat(record.postcode()).isEqualTo("75116");
      assertThat(record.commune()).isEqualTo("Paris");
      assertThat(record.name()).isEqualTo("Benjamin Godard - Victor Hugo");
      assertThat(record.mechanical()).isEqualTo(1);
      assertThat(record.ebike()).isEqualTo(4);
      assertThat(record.fetchedAt()).isEqualTo(FETCHED);
    });
    assertThat(counters.get(StationIngest.FILTERED_OUT)).isEqualTo(1);
  }

  @Test
  void unchangedStationsAreCountedNotPublishedAndFailedOnesGoAgain() {
    StationIngest ingest = ingest(StationFilter.ALL);
    StationBatch first = batch(
        new JoinedStation(status("213688169", "16107", 5), GODARD),
        new JoinedStation(status("2515829865", "32017", 9), BASILIQUE));

    ingest.onStations(first);
    failureCallbacks.get(1).accept(new RuntimeException("broker down"));
    ingest.onStations(first);

    assertThat(published)
        .extracting(StationRecord::key)
        .containsExactly("velib:16107", "velib:32017", "velib:32017");
    assertThat(counters.get(StationIngest.UNCHANGED)).isEqualTo(1);
    assertThat(counters.get(StationIngest.PUBLISHED)).isEqualTo(3);
  }

  @Test
  void aStationWithoutInformationIsStillLocatedByItsCode() {
    List<StationInformation> lookups = new ArrayList<>();
    StationIngest ingest = new StationIngest(
        "velib",
        StationFilter.ALL,
        (system, info) -> {
          lookups.add(info);
          return info.stationCode().equals("16107")
              ? new PostcodeLocation("75116", "Paris", PostcodeLocation.Source.TABLE)
              : PostcodeLocation.UNKNOWN;
        },
        changes,
        sink,
        counters);

    ingest.onStations(batch(
        new JoinedStation(status("213688169", "16107", 5), null),
        new JoinedStation(status("999", null, 2), null)));

    assertThat(lookups).extracting(StationInformation::stationCode).containsExactly("16107", "999");
    assertThat(lookups.get(0).stationId()).isEqualTo("213688169");
    assertThat(published)
        .extracting(StationRecord::postcode)
        .containsExactly("75116", StationRecord.UNKNOWN_POSTCODE);
    assertThat(published).extracting(StationRecord::name).containsOnlyNulls();
  }

  @Test
  void pendingPostcodesAreAwaitedOnceThenHeldBackToALaterPoll() {
    boolean[] geocoded = {false, false};
    int[] waits = {0};
    PostcodeResolver resolver = new PostcodeResolver() {
      @Override
      public PostcodeLocation resolve(String system, StationInformation info) {
        int index = info.stationCode().equals("16107") ? 0 : 1;
        return geocoded[index]
            ? new PostcodeLocation(
                index == 0 ? "75116" : "93200", null, PostcodeLocation.Source.GEOCODER)
            : PostcodeLocation.PENDING;
      }

      @Override
      public boolean awaitPending(Duration timeout) {
        waits[0]++;
        geocoded[0] = true; // the first answer arrives while the batch waits, the second does not
        return false;
      }
    };
    StationIngest ingest = new StationIngest(
        "velib", StationFilter.ALL, resolver, changes, sink, counters, Duration.ofMillis(10));
    StationBatch poll = batch(
        new JoinedStation(status("213688169", "16107", 5), GODARD),
        new JoinedStation(status("2515829865", "32017", 9), BASILIQUE));

    ingest.onStations(poll);
    assertThat(published).extracting(StationRecord::postcode).containsExactly("75116");
    assertThat(counters.get(StationIngest.POSTCODE_PENDING)).isEqualTo(1);

    geocoded[1] = true;
    ingest.onStations(poll);
    assertThat(published).extracting(StationRecord::postcode).containsExactly("75116", "93200");
    assertThat(waits[0]).isEqualTo(1);
    assertThat(counters.get(StationIngest.UNCHANGED)).isEqualTo(1);
  }

  @Test
  void aFailingResolverLeavesThePostcodeUnknownAndTheOthersFlow() {
    StationIngest ingest = new StationIngest(
        "velib",
        StationFilter.ALL,
        (system, info) -> {
          if (info.stationCode().equals("16107")) {
            throw new IllegalStateException("geocoder exploded");
          }
          return new PostcodeLocation("93200", "Saint-Denis", PostcodeLocation.Source.FEED);
        },
        changes,
        sink,
        counters);

    ingest.onStations(batch(
        new JoinedStation(status("213688169", "16107", 5), GODARD),
        new JoinedStation(status("2515829865", "32017", 9), BASILIQUE)));

    assertThat(published).extracting(StationRecord::postcode).containsExactly("UNKNOWN", "93200");
    assertThat(counters.get(StationIngest.POSTCODE_ERRORS)).isEqualTo(1);
  }

  @Test
  void withoutAGeocoderAnUnknownStationIsPublishedButNotKeptForRechecks() {
    PostcodeResolver unknownForGood = (system, info) -> PostcodeLocation.UNKNOWN;
    StationIngest keeping =
        new StationIngest("velib", StationFilter.ALL, unknownForGood, changes, sink, counters);
    StationIngest unknownIsFinal = new StationIngest(
        "sim",
        StationFilter.ALL,
        unknownForGood,
        new ChangeDetector(),
        sink,
        counters,
        StationIngest.DEFAULT_PENDING_WAIT,
        false);
    StationBatch batch = batch(new JoinedStation(status("213688169", "16107", 5), GODARD));

    keeping.onStations(batch);
    unknownIsFinal.onStations(batch);
    unknownIsFinal.recheck();

    assertThat(published)
        .extracting(StationRecord::key)
        .containsExactly("velib:16107", "sim:16107");
    assertThat(keeping.unplacedStations()).isEqualTo(1);
    assertThat(unknownIsFinal.unplacedStations()).isZero();
  }
}
