package io.citypulse.dashboard.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Everything the page needs on connect: current state (sorted by key), sparkline series and
 * per-stream statistics keyed by {@link Kind#eventName()}.
 */
public record Snapshot(
    @JsonProperty("at") Instant at,
    @JsonProperty("stations") List<StationView> stations,
    @JsonProperty("postcodes") List<PostcodeView> postcodes,
    @JsonProperty("weather") List<WeatherView> weather,
    @JsonProperty("postcode_series") Map<String, List<PostcodePoint>> postcodeSeries,
    @JsonProperty("weather_series") Map<String, List<WeatherPoint>> weatherSeries,
    @JsonProperty("stats") Map<String, KindStats> stats) {}
