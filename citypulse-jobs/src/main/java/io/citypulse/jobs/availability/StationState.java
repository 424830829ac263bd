package io.citypulse.jobs.availability;

import java.io.Serializable;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;

/**
 * The latest known state of one station, as kept in the job's state store.
 *
 * <p>Kept in the state store through {@link StationStatesCodec}. {@code mechanical} and
 * {@code ebike} keep their nullness: null means the feed gives no breakdown, which is not zero
 * (the per-postcode sums skip it). The other counts are normalised (a null capacity, docks or
 * bikes count is kept as 0, the documented sum rule). Times are epoch microseconds (Spark's
 * timestamp precision) and may be null when the feed had none.
 */
public class StationState implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Newer first wins: (last_reported, fetched_at) compared lexicographically, null oldest. */
  public static final Comparator<StationState> BY_NEWNESS = Comparator.comparingLong(
          (StationState s) -> orOldest(s.lastReportedMicros))
      .thenComparingLong(s -> orOldest(s.fetchedAtMicros));

  private String stationKey;
  private String postcode;
  private String commune;
  private int bikesAvailable;
  private Integer mechanical;
  private Integer ebike;
  private int docksAvailable;
  private int capacity;
  private Long lastReportedMicros;
  private Long fetchedAtMicros;
  /** The station's system, kept when totals are per system; else null. */
  private String system;

  public StationState() {}

  public StationState(
      String stationKey,
      String postcode,
      String commune,
      int bikesAvailable,
      Integer mechanical,
      Integer ebike,
      int docksAvailable,
      int capacity,
      Long lastReportedMicros,
      Long fetchedAtMicros) {
    this.stationKey = stationKey;
    this.postcode = postcode;
    this.commune = commune;
    this.bikesAvailable = bikesAvailable;
    this.mechanical = mechanical;
    this.ebike = ebike;
    this.docksAvailable = docksAvailable;
    this.capacity = capacity;
    this.lastReportedMicros = lastReportedMicros;
    this.fetchedAtMicros = fetchedAtMicros;
  }

  /** A missing timestamp sorts oldest. */
  static long orOldest(Long micros) {
    return micros == null ? Long.MIN_VALUE : micros;
  }

  /** The newness rule on raw keys: strictly greater (last_reported, fetched_at), lexicographically. */
  static boolean isNewer(
      long lastReported, long fetchedAt, long thanLastReported, long thanFetchedAt) {
    return lastReported > thanLastReported
        || (lastReported == thanLastReported && fetchedAt > thanFetchedAt);
  }

  /** True when this state is strictly newer than {@code other} by (last_reported, fetched_at). */
  public boolean isNewerThan(StationState other) {
    return BY_NEWNESS.compare(this, other) > 0;
  }

  /** An instant from epoch microseconds (Spark's timestamp precision). */
  static Instant instantOfMicros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
  }

  /** Epoch microseconds of an instant, truncating below the microsecond. */
  static long microsOf(Instant instant) {
    return Math.addExact(
        Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000L);
  }

  /** The freshest instant this state tells about: fetched_at, else last_reported, else null. */
  Long freshnessMicros() {
    return fetchedAtMicros != null ? fetchedAtMicros : lastReportedMicros;
  }

  public String getStationKey() {
    return stationKey;
  }

  public void setStationKey(String stationKey) {
    this.stationKey = stationKey;
  }

  public String getPostcode() {
    return postcode;
  }

  public void setPostcode(String postcode) {
    this.postcode = postcode;
  }

  public String getCommune() {
    return commune;
  }

  public void setCommune(String commune) {
    this.commune = commune;
  }

  public int getBikesAvailable() {
    return bikesAvailable;
  }

  public void setBikesAvailable(int bikesAvailable) {
    this.bikesAvailable = bikesAvailable;
  }

  /** Mechanical bikes available, or null when the feed gives no breakdown. */
  public Integer getMechanical() {
    return mechanical;
  }

  public void setMechanical(Integer mechanical) {
    this.mechanical = mechanical;
  }

  /** E-bikes available, or null when the feed gives no breakdown. */
  public Integer getEbike() {
    return ebike;
  }

  public void setEbike(Integer ebike) {
    this.ebike = ebike;
  }

  public int getDocksAvailable() {
    return docksAvailable;
  }

  public void setDocksAvailable(int docksAvailable) {
    this.docksAvailable = docksAvailable;
  }

  public int getCapacity() {
    return capacity;
  }

  public void setCapacity(int capacity) {
    this.capacity = capacity;
  }

  public Long getLastReportedMicros() {
    return lastReportedMicros;
  }

  public void setLastReportedMicros(Long lastReportedMicros) {
    this.lastReportedMicros = lastReportedMicros;
  }

  public String getSystem() {
    return system;
  }

  public void setSystem(String system) {
    this.system = system;
  }

  public Long getFetchedAtMicros() {
    return fetchedAtMicros;
  }

  public void setFetchedAtMicros(Long fetchedAtMicros) {
    this.fetchedAtMicros = fetchedAtMicros;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StationState s
        && bikesAvailable == s.bikesAvailable
        && Objects.equals(mechanical, s.mechanical)
        && Objects.equals(ebike, s.ebike)
        && docksAvailable == s.docksAvailable
        && capacity == s.capacity
        && Objects.equals(stationKey, s.stationKey)
        && Objects.equals(postcode, s.postcode)
        && Objects.equals(commune, s.commune)
        && Objects.equals(lastReportedMicros, s.lastReportedMicros)
        && Objects.equals(fetchedAtMicros, s.fetchedAtMicros)
        && Objects.equals(system, s.system);
  }

  @Override
  public int hashCode() {
    return Objects.hash(stationKey, postcode, lastReportedMicros, fetchedAtMicros);
  }

  @Override
  public String toString() {
    return "StationState[" + stationKey + " in " + postcode + ", bikes " + bikesAvailable
        + " (" + mechanical + "/" + ebike + "), docks " + docksAvailable + ", capacity " + capacity
        + ", last_reported " + lastReportedMicros + ", fetched_at " + fetchedAtMicros + "]";
  }
}
