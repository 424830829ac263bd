package io.citypulse.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HealthRulesTest {
  private static final AlertRules RULES = AlertSettings.defaults().rules();

  private static byte[] report(String at, String feedStatus, String jobStatus) {
    return ("{\"pipeline\":\"host:/state\",\"at\":\"" + at
            + "\",\"feeds\":[{\"feed\":\"gbfs velib\","
            + "\"status\":\"" + feedStatus + "\",\"polls\":3}],\"jobs\":[{\"job\":\"availability\","
            + "\"input_topic\":\"velib-projet\",\"status\":\"" + jobStatus + "\",\"batches\":2}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void readsFeedsAndJobsOfAReport() {
    List<HealthRules.Reading> readings =
        HealthRules.readings(report("2026-05-04T08:00:00Z", "ok", "running"));
    assertThat(readings)
        .extracting(HealthRules.Reading::subject, HealthRules.Reading::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("feed:gbfs velib", "ok"),
            org.assertj.core.groups.Tuple.tuple("job:availability", "running"));
  }

  @Test
  void aStaleFeedAndAFailedJobRaiseAfterTheMinimumDurationAndClear() {
    Map<String, SubjectState> states = new HashMap<>();
    List<String> script = new ArrayList<>();
    String[][] history = {
      {"08:00", "ok", "running"},
      {"08:01", "stale", "failed"},
      {"08:06", "failing", "failed"},
      {"08:12", "stale", "failed"},
      {"08:13", "ok", "running"},
      {"08:19", "ok", "running"},
    };
    for (String[] row : history) {
      for (HealthRules.Reading r :
          HealthRules.readings(report("2026-05-04T" + row[0] + ":00Z", row[1], row[2]))) {
        SubjectState.Outcome outcome =
            RULES.health(states.getOrDefault(r.subject(), SubjectState.empty()), r);
        states.put(r.subject(), outcome.state());
        outcome
            .alerts()
            .forEach(a -> script.add(
                a.state().id() + " " + a.kind().id() + " " + a.subject() + " " + a.at()));
      }
    }
    assertThat(script)
        .containsExactly(
            "raised feed_stale feed:gbfs velib 2026-05-04T08:11:00Z",
            "raised job_failing job:availability 2026-05-04T08:11:00Z",
            "cleared feed_stale feed:gbfs velib 2026-05-04T08:18:00Z",
            "cleared job_failing job:availability 2026-05-04T08:18:00Z");
  }

  @Test
  void somethingElseThanAReportIsRefused() {
    assertThatThrownBy(() -> HealthRules.readings("{\"at\":".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("not a health report");
    assertThatThrownBy(() -> HealthRules.readings("[]".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("not a health report: no 'at' time");
  }
}
