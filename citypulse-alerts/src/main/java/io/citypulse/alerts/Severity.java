package io.citypulse.alerts;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How urgent an alert is; lower case in JSON. */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL;

  @JsonValue
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
