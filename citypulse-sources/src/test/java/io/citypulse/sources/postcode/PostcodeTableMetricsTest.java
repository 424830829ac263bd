package io.citypulse.sources.postcode;

import static org.assertj.core.api.Assertions.assertThat;

import io.citypulse.model.PostcodeLocation;
import io.citypulse.model.StationInformation;
import io.citypulse.sources.metrics.Counters;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The production wiring counts the table's rows without a postcode, for the metrics. */
class PostcodeTableMetricsTest {

  @TempDir
  Path dir;

  @Test
  void loadingTheTableCountsItsBlankRowsAndThoseStationsAreNotPlacedByIt() throws Exception {
    Path table = Files.writeString(dir.resolve("stations_information.csv"), """
        stationCode,station_id,postcode,city
        16107,213688169,75116,Paris
        11104,120104,,Paris
        7003,140003,NULL,
        """);
    Counters counters = new Counters();
    PostcodeSettings settings = PostcodeSettings.defaults(dir.resolve("state"))
        .withTableFile(table)
        .withGeocoderEnabled(false);

    try (ChainedPostcodeResolver resolver = ChainedPostcodeResolver.create(settings, counters)) {
      assertThat(counters.get("postcode.table_blank_rows")).isEqualTo(2);
      assertThat(resolver.resolve(
              "velib",
              new StationInformation("120104", "11104", "Blank row", 48.86, 2.35, 20, null)))
          .isEqualTo(PostcodeLocation.UNKNOWN);
      assertThat(resolver.resolve(
              "velib",
              new StationInformation("213688169", "16107", "Victor Hugo", 48.87, 2.28, 35, null)))
          .isEqualTo(new PostcodeLocation("75116", "Paris", PostcodeLocation.Source.TABLE));
    }
  }

  @Test
  void withoutATableTheCounterIsThereAndZero() {
    Counters counters = new Counters();
    PostcodeSettings settings =
        PostcodeSettings.defaults(dir.resolve("state")).withGeocoderEnabled(false);

    try (ChainedPostcodeResolver resolver = ChainedPostcodeResolver.create(settings, counters)) {
      assertThat(counters.snapshot()).containsEntry("postcode.table_blank_rows", 0L);
    }
  }
}
