package io.citypulse.alerts;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** The two records of an episode: one {@code raised}, then one {@code cleared}. */
public enum AlertState {
  RAISED,
  CLEARED;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
