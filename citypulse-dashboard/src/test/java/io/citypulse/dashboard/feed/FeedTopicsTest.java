package io.citypulse.dashboard.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.citypulse.dashboard.state.Kind;
import org.junit.jupiter.api.Test;

class FeedTopicsTest {

  @Test
  void defaultsAreTheModelsTopicsAndMapToKinds() {
    FeedTopics topics = FeedTopics.defaults();

    assertThat(topics.all())
        .containsExactly(
            "velib-projet",
            "velib-projet-final-data",
            "topic-weather-final",
            "citypulse-forecasts");
    assertThat(topics.kindOf("velib-projet")).isEqualTo(Kind.STATION);
    assertThat(topics.kindOf("velib-projet-final-data")).isEqualTo(Kind.POSTCODE);
    assertThat(topics.kindOf("topic-weather-final")).isEqualTo(Kind.WEATHER);
    assertThat(topics.kindOf("citypulse-forecasts")).isEqualTo(Kind.FORECAST);
    assertThatThrownBy(() -> topics.kindOf("other")).hasMessageContaining("other");
  }

  @Test
  void theTopicsMustDiffer() {
    assertThatThrownBy(() -> new FeedTopics("a", "a", "b")).hasMessageContaining("must differ");
    assertThatThrownBy(() -> new FeedTopics("a", "b", "c", "a"))
        .hasMessageContaining("must differ");
  }
}
