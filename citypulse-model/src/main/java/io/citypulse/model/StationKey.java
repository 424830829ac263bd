package io.citypulse.model;

/** Kafka keys of station records: {@code <system>:<station code>}. */
public final class StationKey {
  private StationKey() {}

  public static String of(String system, String stationCode) {
    return system + ":" + stationCode;
  }
}
