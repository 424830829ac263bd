package io.citypulse.dashboard.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;

/**
 * One polled feed as the process polling it sees it: the health panel's row and an entry of
 * {@code /api/health}'s {@code feeds}.
 *
 * @param feed what is polled, e.g. {@code gbfs velib} or {@code weather open-meteo}
 * @param detail one line on the last poll, e.g. {@code 1,482 stations} or {@code 5/5 locations ok}
 * @param newestData the feed's own time of its newest data (GBFS {@code last_updated}, newest observation)
 * @param ttlSeconds how often the feed says its data is renewed
 * @param deadLetters bodies and records of this feed sent to the dead-letter topic
 * @param postcodes the stations' postcodes (bike-share feeds only; absent from the JSON otherwise)
 */
public record FeedHealth(
    @JsonProperty("feed") String feed,
    @JsonProperty("status") FeedStatus status,
    @JsonProperty("detail") String detail,
    @JsonProperty("last_success") Instant lastSuccess,
    @JsonProperty("newest_data") Instant newestData,
    @JsonProperty("data_age_seconds") Long dataAgeSeconds,
    @JsonProperty("ttl_seconds") Long ttlSeconds,
    @JsonProperty("polls") long polls,
    @JsonProperty("errors") long errors,
    @JsonProperty("dead_letters") long deadLetters,
    @JsonProperty("last_error_at") Instant lastErrorAt,
    @JsonProperty("last_error") String lastError,

    @JsonProperty("postcodes") @JsonInclude(JsonInclude.Include.NON_NULL)
    PostcodeHealth postcodes) {

  /** A feed without stations to place (weather). */
  public FeedHealth(
      String feed,
      FeedStatus status,
      String detail,
      Instant lastSuccess,
      Instant newestData,
      Long dataAgeSeconds,
      Long ttlSeconds,
      long polls,
      long errors,
      long deadLetters,
      Instant lastErrorAt,
      String lastError) {
    this(
        feed,
        status,
        detail,
        lastSuccess,
        newestData,
        dataAgeSeconds,
        ttlSeconds,
        polls,
        errors,
        deadLetters,
        lastErrorAt,
        lastError,
        null);
  }

  /** What a poller reports; {@link #at} turns it into a row with its status and ages. */
  public record Reading(
      String feed,
      String detail,
      boolean running,
      boolean failing,
      Instant lastSuccess,
      Instant newestData,
      Duration ttl,
      long polls,
      long errors,
      long deadLetters,
      Instant lastErrorAt,
      String lastError,
      PostcodeHealth postcodes) {

    /** A feed without stations to place (weather). */
    public Reading(
        String feed,
        String detail,
        boolean running,
        boolean failing,
        Instant lastSuccess,
        Instant newestData,
        Duration ttl,
        long polls,
        long errors,
        long deadLetters,
        Instant lastErrorAt,
        String lastError) {
      this(
          feed,
          detail,
          running,
          failing,
          lastSuccess,
          newestData,
          ttl,
          polls,
          errors,
          deadLetters,
          lastErrorAt,
          lastError,
          null);
    }

    public FeedHealth at(Instant now) {
      return new FeedHealth(
          feed,
          FeedStatus.of(running, failing, lastSuccess, ttl, newestData, now),
          detail,
          lastSuccess,
          newestData,
          newestData == null
              ? null
              : Math.max(0, Duration.between(newestData, now).toSeconds()),
          ttl == null
              ? null
              : (ttl.toMillis() + 999) / 1000, // rounded up: a 200 ms interval is not "0 s"
          polls,
          errors,
          deadLetters,
          lastErrorAt,
          lastError,
          postcodes);
    }
  }
}
