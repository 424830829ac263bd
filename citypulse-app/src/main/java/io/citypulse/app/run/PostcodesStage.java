package io.citypulse.app.run;

import io.citypulse.app.run.StageContext.Key;
import io.citypulse.sources.postcode.ChainedPostcodeResolver;
import io.citypulse.sources.postcode.PostcodeSettings;

/**
 * Loads the postcode table and sets up the geocoder. Needs no broker: a bad table is reported
 * while the broker and Spark are still starting, not after.
 *
 * @param tableOrigin where {@code postcodes.table} was set, for the error message
 */
record PostcodesStage(PostcodeSettings settings, String tableOrigin) implements Stage {
  static final Key<ChainedPostcodeResolver> RESOLVER = Key.named("postcode resolver");

  @Override
  public Running start(StageContext context) {
    ChainedPostcodeResolver resolver =
        Ingest.resolver(settings, tableOrigin, context.get(MetricsStage.COUNTERS));
    context.provide(RESOLVER, resolver);
    return resolver::close;
  }
}
