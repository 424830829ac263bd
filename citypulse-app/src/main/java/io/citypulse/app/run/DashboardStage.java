package io.citypulse.app.run;

import io.citypulse.app.config.Settings;
import io.citypulse.app.postgres.PostgresAccess;
import io.citypulse.storage.JdbcTarget;
import java.util.function.Supplier;

/**
 * The live dashboard. Serving static files from a 300 MB jar takes the web server a second or
 * two to set up: it starts in the background, so the first aggregate does not wait for it; a
 * taken port still stops the run.
 *
 * @param withHistory the charts start from the PostgreSQL history of earlier runs, once the
 *     postgres stage has started (a failure of PostgreSQL itself is that stage's to report)
 */
record DashboardStage(Settings settings, boolean withHistory) implements Stage {
  @Override
  public Running start(StageContext context) {
    Supplier<JdbcTarget> history = !withHistory
        ? null
        : () -> {
          PostgresAccess database = context.await(PostgresStage.DATABASE);
          return database == null ? null : database.target();
        };
    Dashboard dashboard = Dashboard.start(
        settings,
        context.get(BrokerStage.BOOTSTRAP),
        context.get(MetricsStage.HEALTH),
        context.get(MetricsStage.REGISTRY),
        history);
    context.announce("dashboard at " + dashboard.url());
    return dashboard::close;
  }
}
