package io.citypulse.app.run;

import io.citypulse.app.cli.UserFacingException;
import io.citypulse.app.config.ConfigException;
import io.citypulse.app.config.Settings;
import io.citypulse.app.postgres.PostgresAccess;
import io.citypulse.app.run.StageContext.Key;
import io.citypulse.storage.schema.SchemaMigrator;

/**
 * The PostgreSQL the sinks write to (the configured one, or an embedded server whose first start
 * takes a few seconds), with its tables migrated. Starts beside the broker.
 */
record PostgresStage(Settings settings) implements Stage {
  static final Key<PostgresAccess> DATABASE = Key.named("PostgreSQL");

  @Override
  public Running start(StageContext context) {
    PostgresAccess access;
    try {
      access = PostgresAccess.forPipeline(settings);
    } catch (UserFacingException | ConfigException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new UserFacingException("cannot reach PostgreSQL: " + e.getMessage(), e);
    }
    try {
      SchemaMigrator.migrate(access.target());
    } catch (RuntimeException e) {
      access.close();
      throw new UserFacingException(
          "cannot prepare the tables in " + access.description() + ": " + e.getMessage(), e);
    }
    context.announce("storing results in " + access.description());
    context.provide(DATABASE, access);
    return access::close;
  }
}
