package io.citypulse.app.it;

import io.citypulse.app.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.Map;

/**
 * Settings and output of a bike pipeline under test: every station, a postcode table, quick
 * polls, no weather.
 */
final class FastPipeline {
  private FastPipeline() {}

  static Settings settings(String bootstrapServers, Path stateDir, Path postcodeTable) {
    return settings(bootstrapServers, stateDir, postcodeTable, Map.of());
  }

  /** As above, with {@code extra} keys set or overridden. */
  static Settings settings(
      String bootstrapServers, Path stateDir, Path postcodeTable, Map<String, String> extra) {
    Map<String, String> flags = new java.util.HashMap<>(Map.ofEntries(
        Map.entry("kafka.bootstrap-servers", bootstrapServers),
        Map.entry("state-dir", stateDir.toString()),
        Map.entry("gbfs.stations", "all"),
        Map.entry("postcodes.table", postcodeTable.toString()),
        Map.entry("postcodes.geocoder.enabled", "false"),
        Map.entry("gbfs.min-interval", "200ms"),
        Map.entry("gbfs.max-interval", "500ms"),
        Map.entry("gbfs.backoff.initial", "100ms"),
        Map.entry("gbfs.backoff.max", "1s"),
        Map.entry("status.interval", "2s"),
        // The weather side would call the public Open-Meteo API: tests never reach the internet.
        Map.entry("weather.enabled", "false"),
        // Port 8080 may be taken where tests run; PackagedJarIT and DashboardBrowserIT serve it on
        // a free port.
        Map.entry("dashboard.enabled", "false"),
        // Two Spark queries fewer on a 2-core machine: ForecastPipelineIT runs the forecasts,
        // AlertsJobIT the alerts job, DashboardBrowserIT (demo) both with everything else.
        Map.entry("forecast.enabled", "false"),
        Map.entry("alerts.enabled", "false")));
    flags.putAll(extra);
    return Settings.load(null, Map.of(), flags);
  }

  /** The pipeline's status lines, on the test's standard output. */
  static PrintWriter stdout() {
    return tee(null);
  }

  /** The pipeline's output on the test's standard output and, if not null, into {@code captured}. */
  static PrintWriter tee(StringWriter captured) {
    return new PrintWriter(
        new StringWriter() {
          @Override
          public void write(String s) {
            System.out.print(s);
            if (captured != null) {
              synchronized (captured) {
                captured.write(s);
              }
            }
          }

          // PrintWriter.println goes through these, not write(String).
          @Override
          public void write(String s, int offset, int length) {
            write(s.substring(offset, offset + length));
          }

          @Override
          public void write(char[] chars, int offset, int length) {
            write(new String(chars, offset, length));
          }
        },
        true);
  }
}
