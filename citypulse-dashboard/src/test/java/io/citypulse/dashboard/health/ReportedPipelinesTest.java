package io.citypulse.dashboard.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.model.Json;
import io.citypulse.testkit.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportedPipelinesTest {
  private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
  private final MutableClock clock = new MutableClock(T0);
  private final ReportedPipelines reported = new ReportedPipelines(clock, Duration.ofSeconds(15));

  private static PipelineReport report(
      String pipeline, Instant at, String feed, FeedStatus status) {
    FeedHealth row =
        new FeedHealth(feed, status, "300 stations", at, at, 0L, 60L, 3, 0, 0, null, null);
    JobHealth job =
        new JobHealth("postcode-availability", "velib-projet", "running", 2, at, 300L, 600, 0L);
    return new PipelineReport(pipeline, at, List.of(row), List.of(job));
  }

  @Test
  void showsTheFreshReportsOfEveryPipelineAndDropsSilentOnes() {
    assertThat(reported.attached()).isFalse();
    reported.accept(report("laptop:/a", T0.minusSeconds(5), "gbfs velib", FeedStatus.OK));
    reported.accept(
        report("server:/b", T0.minusSeconds(1), "weather open-meteo", FeedStatus.FAILING));

    assertThat(reported.attached()).isTrue();
    assertThat(reported.feeds())
        .extracting(FeedHealth::feed)
        .containsExactly("gbfs velib", "weather open-meteo");
    assertThat(reported.jobs()).hasSize(2);

    clock.advance(Duration.ofSeconds(11)); // laptop's report is now 16 s old
    assertThat(reported.feeds()).extracting(FeedHealth::feed).containsExactly("weather open-meteo");
    clock.advance(Duration.ofSeconds(5));
    assertThat(reported.attached()).isFalse();
    assertThat(reported.feeds()).isEmpty();
    assertThat(reported.lastReportAt()).isEqualTo(T0.minusSeconds(1));
  }

  @Test
  void anOlderReportReadLaterDoesNotReplaceANewerOne() {
    reported.accept(report("laptop:/a", T0, "gbfs velib", FeedStatus.OK));
    reported.accept(report("laptop:/a", T0.minusSeconds(5), "gbfs velib", FeedStatus.FAILING));

    assertThat(reported.feeds()).extracting(FeedHealth::status).containsExactly(FeedStatus.OK);
  }

  @Test
  void aReportSurvivesItsJsonRoundTripAndOneWithoutPipelineIsRefused() {
    PipelineReport report = report("laptop:/a", T0, "gbfs velib", FeedStatus.STALE);

    assertThat(Json.read(Json.write(report), PipelineReport.class)).isEqualTo(report);
    FeedHealth withPostcodes = new FeedHealth(
        "gbfs velib",
        FeedStatus.OK,
        "300 stations",
        T0,
        T0,
        0L,
        60L,
        3,
        0,
        0,
        null,
        null,
        new PostcodeHealth(
            2,
            290,
            8,
            Map.of("table", 290),
            Map.of("geocoder_unreachable", 6, "no_address", 2),
            "open",
            T0.plusSeconds(30)));
    PipelineReport reportWithPostcodes =
        new PipelineReport("laptop:/a", T0, List.of(withPostcodes), List.of());
    assertThat(Json.read(Json.write(reportWithPostcodes), PipelineReport.class))
        .isEqualTo(reportWithPostcodes);
    assertThat(Json.writeString(report))
        .as("no postcodes for a feed without them")
        .doesNotContain("postcodes");
    assertThatThrownBy(() -> reported.accept(new PipelineReport(null, T0, List.of(), List.of())))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
