package io.citypulse.sources.poll;

import java.net.URI;
import java.time.Instant;

/**
 * What a {@link GbfsPoller} is doing, for status lines.
 *
 * @param statusUrl the station_status URL once discovery is resolved, else null
 * @param version the GBFS version of the discovery (or status) feed, else null
 * @param lastSuccess when station_status was last fetched successfully (OK or 304), else null
 * @param lastError the last failure, one line, else null
 * @param stations stations in the last delivered batch
 * @param stationsWithInformation stations known from station_information
 * @param nextPollAt when the next cycle is due
 * @param dataUpdatedAt station_status's own {@code last_updated} (Vélib': {@code lastUpdatedOther}) of
 *     the last delivered batch, else null
 * @param ttlSeconds station_status's {@code ttl} of the last fetch, 0 when absent
 */
public record PollerStatus(
    boolean running,
    URI statusUrl,
    String version,
    Instant lastSuccess,
    Instant lastErrorAt,
    String lastError,
    int stations,
    int stationsWithInformation,
    Instant nextPollAt,
    Instant dataUpdatedAt,
    int ttlSeconds) {}
