package io.citypulse.cache;

import java.util.Locale;

/** What a cache entry describes; its {@link #id()} is the kind part of the Redis keys. */
public enum CacheKind {
  /** A station's latest state ({@code StationRecord}). */
  STATION,
  /** A postcode's (or {@code system:postcode}'s) availability totals. */
  POSTCODE,
  /** A weather location's latest features, per source. */
  WEATHER;

  /** {@code station}, {@code postcode} or {@code weather}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The kind whose {@link #id()} this is. */
  public static CacheKind ofId(String id) {
    for (CacheKind kind : values()) {
      if (kind.id().equals(id)) {
        return kind;
      }
    }
    throw new IllegalArgumentException(
        "unknown cache kind '" + id + "': station, postcode or weather");
  }
}
