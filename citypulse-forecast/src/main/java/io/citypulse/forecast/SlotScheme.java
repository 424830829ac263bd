package io.citypulse.forecast;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The time slots profiles are kept by: weekday or weekend (Saturday, Sunday) × a slot of the local
 * day (15 minutes by default, so 2 × 96 slots).
 *
 * <p>Why this choice: rides follow the local clock (rush hours move with it, so slots are in the
 * system's zone, not UTC), and weekdays look alike while weekends differ from them; seven day
 * types would split a month of history into four or five days per slot, too few for a mean.
 * Public holidays are not known here: they count as their weekday.
 *
 * @param zone the zone of the system's local clock (Divvy: America/Chicago)
 * @param slotMinutes length of a slot; divides a day
 */
public record SlotScheme(ZoneId zone, int slotMinutes) {

  public SlotScheme {
    Objects.requireNonNull(zone, "zone");
    if (slotMinutes <= 0 || (24 * 60) % slotMinutes != 0) {
      throw new IllegalArgumentException(
          "slot length " + slotMinutes + " min does not divide a day into whole slots");
    }
  }

  /** 15-minute slots in {@code zone}. */
  public static SlotScheme quarterHours(ZoneId zone) {
    return new SlotScheme(zone, 15);
  }

  public int slotsPerDay() {
    return 24 * 60 / slotMinutes;
  }

  /** Number of distinct slots: weekday and weekend days. */
  public int slotCount() {
    return 2 * slotsPerDay();
  }

  /** The slot of {@code epochSeconds}: weekday slots first, then weekend ones. */
  public int slot(long epochSeconds) {
    LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochSecond(epochSeconds), zone);
    int ofDay = (local.getHour() * 60 + local.getMinute()) / slotMinutes;
    return isWeekend(local.getDayOfWeek()) ? slotsPerDay() + ofDay : ofDay;
  }

  public Duration slotLength() {
    return Duration.ofMinutes(slotMinutes);
  }

  static boolean isWeekend(DayOfWeek day) {
    return day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY;
  }
}
