package io.citypulse.jobs.scoring;

import java.time.Duration;

/**
 * The scoring job's settings.
 *
 * @param refresh a station that has not changed gets a new forecast this often
 */
public record ForecastJobSettings(
    String bootstrapServers,
    String stationsTopic,
    String forecastsTopic,
    String checkpointLocation,
    String startingOffsets,
    Duration triggerInterval,
    Duration refresh) {}
