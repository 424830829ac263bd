/**
 * How {@code citypulse history} writes its answer ({@code --format table|csv|json}): a {@link
 * io.citypulse.app.cli.render.SeriesFormat} renders a {@link io.citypulse.storage.history.TimeSeries},
 * every cell written the same way in every format.
 */
package io.citypulse.app.cli.render;
