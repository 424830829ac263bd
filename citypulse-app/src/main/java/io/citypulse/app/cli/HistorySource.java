package io.citypulse.app.cli;

import static io.citypulse.app.config.CitypulseConfig.JDBC_URL;
import static io.citypulse.app.config.CitypulseConfig.PARQUET_PATH;
import static io.citypulse.app.config.CitypulseConfig.POSTGRES_ENABLED;

import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Settings;
import io.citypulse.app.postgres.PostgresAccess;
import java.util.Locale;

/** Where {@code citypulse history} reads: PostgreSQL or the Parquet history. */
public enum HistorySource {
  POSTGRES,
  PARQUET;

  /**
   * The source asked for, else the one the settings point to: PostgreSQL when
   * storage.postgres.enabled or a JDBC URL is set; else Parquet when storage.parquet.path is set;
   * else the embedded PostgreSQL when {@code <state-dir>/postgres} holds a database (a pipeline
   * run with --postgres left it, even if this command's settings do not say so).
   *
   * @param requested "postgres", "parquet", or null to choose
   * @throws ConfigException when nothing is configured, or Parquet is asked for without a path
   */
  public static HistorySource choose(String requested, Settings settings) {
    boolean parquetSet = !settings.get(PARQUET_PATH).isBlank();
    if (requested != null) {
      HistorySource source = switch (requested.trim().toLowerCase(Locale.ROOT)) {
        case "postgres", "postgresql" -> POSTGRES;
        case "parquet" -> PARQUET;
        default ->
          throw new ConfigException(
              "--source: expected postgres or parquet, got '" + requested + "'");
      };
      if (source == PARQUET && !parquetSet) {
        throw new ConfigException("--source parquet needs the history's location: --parquet PATH"
            + " (storage.parquet.path)");
      }
      return source;
    }
    if (settings.get(POSTGRES_ENABLED) || !settings.get(JDBC_URL).isBlank()) {
      return POSTGRES;
    }
    if (parquetSet) {
      return PARQUET;
    }
    if (PostgresAccess.hasEmbeddedData(settings)) {
      return POSTGRES;
    }
    throw new ConfigException("no history storage found: no PostgreSQL data in "
        + PostgresAccess.embeddedDataDirectory(settings)
        + ", and neither storage.postgres.jdbc-url nor"
        + " storage.parquet.path is set. Run the pipeline with --postgres or --parquet PATH to keep a history,"
        + " then query it with --state-dir DIR, --jdbc-url URL or --parquet PATH");
  }
}
