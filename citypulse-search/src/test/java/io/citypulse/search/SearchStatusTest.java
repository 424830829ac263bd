package io.citypulse.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class SearchStatusTest {
  private static final Instant NOW = Instant.parse("2026-12-06T10:00:30Z");

  @Test
  void anIdleSinkSaysHowMuchItIndexedAndWhen() {
    SearchStatus ok = new SearchStatus(
        SearchStatus.State.OK, NOW.minusSeconds(60), null, 1200, 0, 0, NOW.minusSeconds(3));
    assertThat(ok.summary(NOW)).isEqualTo("search 1200 indexed, last 3 s ago");
    assertThat(SearchStatus.INITIAL.summary(NOW)).isEqualTo("search 0 indexed");
  }

  @Test
  void aRetryingSinkSaysSinceWhenAndWhy() {
    SearchStatus retrying = new SearchStatus(
        SearchStatus.State.RETRYING,
        NOW.minusSeconds(12),
        "OpenSearch/Elasticsearch at http://127.0.0.1:9200 is unreachable: connection refused",
        1200,
        2,
        5,
        NOW.minusSeconds(15));
    assertThat(retrying.summary(NOW))
        .isEqualTo(
            "search 1200 indexed, 2 rejected, last 15 s ago | RETRYING for 12 s:"
                + " OpenSearch/Elasticsearch at http://127.0.0.1:9200 is unreachable: connection refused");
  }
}
