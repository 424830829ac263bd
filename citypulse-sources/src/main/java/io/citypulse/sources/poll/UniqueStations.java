package io.citypulse.sources.poll;

import io.citypulse.model.StationInformation;
import io.citypulse.model.StationStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Makes the stations of one poll keyable one by one: records are keyed by station code, and a
 * feed can break that in two ways, each of which would silently lose a station downstream (the
 * compacted topic and the job keep one state per key).
 *
 * <ul>
 *   <li>The same {@code station_id} listed twice: one station, reported twice. The entry with the
 *       newest {@code last_reported} is kept (the later one in the file on a tie); the other is a
 *       {@link Duplicate}, dead-lettered by the poller.</li>
 *   <li>Two stations sharing a code ({@code short_name} is free text to some operators): each of
 *       them is keyed by its {@code station_id} instead, which the feed guarantees unique. The
 *       poller logs them.</li>
 * </ul>
 * Pure: the same list in gives the same result out.
 */
final class UniqueStations {
  private UniqueStations() {}

  /** An entry left out because a newer entry of the same station_id was kept. */
  record Duplicate(JoinedStation dropped, JoinedStation kept) {}

  /**
   * @param stations the stations of one poll, in feed order
   * @param recoded codes shared by several stations (those stations now use their station_id)
   */
  record Result(List<JoinedStation> stations, List<Duplicate> duplicates, List<String> recoded) {}

  private static final Comparator<JoinedStation> BY_LAST_REPORTED = Comparator.comparing(
      (JoinedStation s) -> s.status().lastReported(),
      Comparator.nullsFirst(Comparator.naturalOrder()));

  static Result of(List<JoinedStation> stations) {
    Map<String, JoinedStation> byId = new LinkedHashMap<>();
    List<Duplicate> duplicates = new ArrayList<>();
    for (JoinedStation station : stations) {
      String id = station.status().stationId();
      JoinedStation previous = byId.get(id);
      if (previous == null) {
        byId.put(id, station);
      } else if (BY_LAST_REPORTED.compare(station, previous) >= 0) {
        byId.put(id, station);
        duplicates.add(new Duplicate(previous, station));
      } else {
        duplicates.add(new Duplicate(station, previous));
      }
    }
    Map<String, Integer> codeCounts = new HashMap<>();
    byId.values().forEach(s -> codeCounts.merge(s.stationCode(), 1, Integer::sum));
    List<String> recoded = new ArrayList<>();
    codeCounts.forEach((code, count) -> {
      if (count > 1) {
        recoded.add(code);
      }
    });
    if (recoded.isEmpty() && duplicates.isEmpty()) {
      return new Result(stations, List.of(), List.of());
    }
    recoded.sort(null);
    List<JoinedStation> unique = new ArrayList<>(byId.size());
    for (JoinedStation station : byId.values()) {
      unique.add(codeCounts.get(station.stationCode()) > 1 ? keyedById(station) : station);
    }
    return new Result(unique, duplicates, recoded);
  }

  private static JoinedStation keyedById(JoinedStation station) {
    StationStatus s = station.status();
    StationStatus status = new StationStatus(
        s.stationId(),
        s.stationId(),
        s.bikesAvailable(),
        s.mechanical(),
        s.ebike(),
        s.docksAvailable(),
        s.installed(),
        s.renting(),
        s.returning(),
        s.lastReported());
    StationInformation i = station.information();
    StationInformation information = i == null
        ? null
        : new StationInformation(
            i.stationId(), i.stationId(), i.name(), i.lat(), i.lon(), i.capacity(), i.postcode());
    return new JoinedStation(status, information);
  }
}
