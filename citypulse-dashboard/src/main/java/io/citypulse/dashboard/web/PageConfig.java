package io.citypulse.dashboard.web;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The body of {@code /api/config}: what the page needs before it draws (empty tile URL = no tiles). */
public record PageConfig(@JsonProperty("tile_url") String tileUrl) {}
