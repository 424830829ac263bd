package io.citypulse.storage.schema;

import io.citypulse.storage.JdbcTarget;
import io.citypulse.storage.StorageException;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Creates or upgrades the citypulse tables with Flyway; safe to run at every start. */
public final class SchemaMigrator {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

  /** In our package, not Flyway's default db/migration, so no other jar's scripts get picked up. */
  public static final String LOCATION = "classpath:io/citypulse/storage/migration";
  /** Flyway's own bookkeeping table. */
  public static final String HISTORY_TABLE = "citypulse_schema_history";

  private SchemaMigrator() {}

  /**
   * Applies the pending migrations.
   *
   * @return the number of migrations applied now (0 when the schema was up to date)
   * @throws StorageException when the database is unreachable or a migration fails
   */
  public static int migrate(JdbcTarget target) {
    try {
      MigrateResult result = Flyway.configure(SchemaMigrator.class.getClassLoader())
          .dataSource(target.jdbcUrl(), target.user(), target.password())
          .locations(LOCATION)
          .table(HISTORY_TABLE)
          // An existing database with other tables (a shared server) gets our tables beside them.
          .baselineOnMigrate(true)
          .baselineVersion("0")
          .connectRetries(3)
          .load()
          .migrate();
      if (result.migrationsExecuted == 0) {
        LOG.info("Schema on {} is up to date", target.safeUrl());
      } else {
        LOG.info(
            "Schema on {} migrated to version {} ({} migration(s))",
            target.safeUrl(),
            result.targetSchemaVersion,
            result.migrationsExecuted);
      }
      return result.migrationsExecuted;
    } catch (RuntimeException e) {
      throw new StorageException(
          "cannot migrate the citypulse schema on " + target + ": " + e.getMessage(), e);
    }
  }
}
