package io.citypulse.dashboard.state;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.citypulse.dashboard.view.SystemTotals;
import java.util.List;

/**
 * The answer to {@code /api/systems} and the {@code systems} event: every system together ({@code
 * all}, whose {@code system} is null) and each (listed) system, sorted by id.
 */
public record SystemsView(
    @JsonProperty("all") SystemTotals all,
    @JsonProperty("systems") List<SystemTotals> systems) {}
