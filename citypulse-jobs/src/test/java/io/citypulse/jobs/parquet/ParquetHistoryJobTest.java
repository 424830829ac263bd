package io.citypulse.jobs.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ParquetHistoryJobTest {

  @Test
  void directoryIsTheBaseAndTheStreamsSubDirectoryWhateverTheScheme() {
    assertThat(ParquetHistoryJob.directory("file:///data/history", ParquetStream.STATIONS))
        .isEqualTo("file:///data/history/stations");
    assertThat(ParquetHistoryJob.directory("/data/history/", ParquetStream.POSTCODES))
        .isEqualTo("/data/history/postcodes");
    assertThat(ParquetHistoryJob.directory("history", ParquetStream.WEATHER))
        .isEqualTo("history/weather");
    assertThat(
            ParquetHistoryJob.directory("hdfs://127.0.0.1:8020/citypulse", ParquetStream.STATIONS))
        .isEqualTo("hdfs://127.0.0.1:8020/citypulse/stations");
    assertThat(ParquetHistoryJob.directory("s3a://bucket", ParquetStream.WEATHER))
        .isEqualTo("s3a://bucket/weather");
    assertThat(ParquetHistoryJob.directory("s3a://bucket/", ParquetStream.WEATHER))
        .isEqualTo("s3a://bucket/weather");
    assertThatThrownBy(() -> ParquetHistoryJob.directory(" ", ParquetStream.WEATHER))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void streamsHaveTheContractsTopicsDirectoriesPartitionsAndQueryNames() {
    assertThat(ParquetStream.STATIONS.defaultTopic()).isEqualTo("velib-projet");
    assertThat(ParquetStream.POSTCODES.defaultTopic()).isEqualTo("velib-projet-final-data");
    assertThat(ParquetStream.WEATHER.defaultTopic()).isEqualTo("topic-weather-final");
    assertThat(ParquetStream.STATIONS.partitionColumns()).containsExactly("system", "date");
    assertThat(ParquetStream.POSTCODES.partitionColumns()).containsExactly("date");
    assertThat(ParquetStream.WEATHER.partitionColumns()).containsExactly("date");
    assertThat(ParquetStream.STATIONS.timeFields()).containsExactly("last_reported", "fetched_at");
    assertThat(ParquetStream.STATIONS.queryName()).isEqualTo("parquet-stations");
    assertThat(ParquetStream.POSTCODES.queryName()).isEqualTo("parquet-postcodes");
    assertThat(ParquetStream.WEATHER.queryName()).isEqualTo("parquet-weather");
  }

  @Test
  void checkpointsAreNamedApartFromTheStatelessV1Ones() {
    assertThat(ParquetStream.STATIONS.checkpointName()).isEqualTo("parquet-stations-v2");
    assertThat(ParquetStream.POSTCODES.checkpointName()).isEqualTo("parquet-postcodes-v2");
    assertThat(ParquetStream.WEATHER.checkpointName()).isEqualTo("parquet-weather-v2");
  }

  @Test
  void onlyAStationsFetchedAtChangesWhenAnUnchangedStateIsPublishedAgain() {
    assertThat(ParquetStream.STATIONS.republicationFields()).containsExactly("fetched_at");
    // A postcode's updated_at and a weather observed_at are their time: a new one is a new state.
    assertThat(ParquetStream.POSTCODES.republicationFields()).isEmpty();
    assertThat(ParquetStream.WEATHER.republicationFields()).isEmpty();
  }

  @Test
  void defaultSettingsReadTheStreamsTopicFromTheStartOnceAMinuteWithoutCap() {
    ParquetHistorySettings settings = ParquetHistorySettings.defaults(
        "127.0.0.1:9092",
        ParquetStream.POSTCODES,
        "/data/history",
        "/data/checkpoints/parquet-postcodes");

    assertThat(settings.topic()).isEqualTo("velib-projet-final-data");
    assertThat(settings.startingOffsets()).isEqualTo("earliest");
    assertThat(settings.trigger()).isEqualTo(Duration.ofMinutes(1));
    assertThat(settings.maxOffsetsPerTrigger()).isZero();
  }

  @Test
  void settingsRejectBlankPlacesNegativeTriggersAndCaps() {
    assertThatThrownBy(() -> new ParquetHistorySettings(
            "k:9092", ParquetStream.WEATHER, "t", "", "cp", "earliest", Duration.ZERO, 0))
        .hasMessageContaining("basePath");
    assertThatThrownBy(() -> new ParquetHistorySettings(
            "k:9092", ParquetStream.WEATHER, "t", "b", "cp", "earliest", Duration.ofSeconds(-1), 0))
        .hasMessageContaining("trigger");
    assertThatThrownBy(() -> new ParquetHistorySettings(
            "k:9092", ParquetStream.WEATHER, "t", "b", "cp", "earliest", Duration.ZERO, -1))
        .hasMessageContaining("maxOffsetsPerTrigger");
    assertThatThrownBy(() -> new ParquetHistorySettings(
            "k:9092", null, "t", "b", "cp", "earliest", Duration.ZERO, 0))
        .hasMessageContaining("stream");
  }
}
