package io.citypulse.app.cli.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import io.citypulse.storage.history.HistoryColumn;
import io.citypulse.storage.history.HistoryColumn.Kind;
import io.citypulse.storage.history.TimeSeries;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesFormatTest {
  private static final Instant T = Instant.parse("2026-11-24T08:00:00Z");

  /** Awkward names: a comma and quotes, accents (one precomposed, one combining), a newline, CJK. */
  private static final TimeSeries SERIES = new TimeSeries(
      List.of(
          new HistoryColumn("observed_at", Kind.TIME),
          new HistoryColumn("city", Kind.TEXT),
          new HistoryColumn("temperature_c", Kind.DECIMAL),
          new HistoryColumn("stations", Kind.INTEGER),
          new HistoryColumn("is_renting", Kind.BOOLEAN)),
      List.of(
          Arrays.asList(T, "Saint-Denis, \"Porte\"", 11.5, 3L, true),
          Arrays.asList(T.plusSeconds(90), "Thie\u0300s", 12.0, null, false),
          Arrays.asList(T.plusSeconds(180), "Hôtel\nde Ville", null, 12_345L, null),
          Arrays.asList(T.plusSeconds(270), "東京", -0.25, 0L, true)));

  @Test
  void csvQuotesCommasQuotesAndNewlinesAndLeavesNullsEmpty() {
    assertThat(SeriesFormat.CSV.render(SERIES, ZoneOffset.UTC))
        .isEqualTo("observed_at,city,temperature_c,stations,is_renting\r\n"
            + "2026-11-24T08:00:00Z,\"Saint-Denis, \"\"Porte\"\"\",11.5,3,true\r\n"
            + "2026-11-24T08:01:30Z,Thie\u0300s,12,,false\r\n"
            + "2026-11-24T08:03:00Z,\"Hôtel\nde Ville\",,12345,\r\n"
            + "2026-11-24T08:04:30Z,東京,-0.25,0,true\r\n");
  }

  @Test
  void tableAlignsByDisplayWidthRightAlignsNumbersAndShowsMissingValues() {
    assertThat(SeriesFormat.TABLE.render(SERIES, ZoneOffset.UTC))
        .isEqualTo(String.join(
            "\n",
            "observed_at           city                  temperature_c  stations  is_renting",
            "--------------------  --------------------  -------------  --------  ----------",
            "2026-11-24T08:00:00Z  Saint-Denis, \"Porte\"           11.5         3  true",
            "2026-11-24T08:01:30Z  Thie\u0300s                            12         -  false",
            "2026-11-24T08:03:00Z  Hôtel\\nde Ville                   -     12345  -",
            "2026-11-24T08:04:30Z  東京                          -0.25         0  true",
            ""));
  }

  @Test
  void jsonIsAnArrayOfOneObjectPerLineWithTypedValues() {
    String json = SeriesFormat.JSON.render(SERIES, ZoneOffset.UTC);
    assertThat(json.lines().toList()).hasSize(6).first().isEqualTo("[");
    assertThat(json.lines().toList().get(1))
        .isEqualTo(
            "{\"observed_at\":\"2026-11-24T08:00:00Z\","
                + "\"city\":\"Saint-Denis, \\\"Porte\\\"\",\"temperature_c\":11.5,\"stations\":3,\"is_renting\":true},");
    assertThat(json.lines().toList().get(3))
        .isEqualTo(
            "{\"observed_at\":\"2026-11-24T08:03:00Z\","
                + "\"city\":\"Hôtel\\nde Ville\",\"temperature_c\":null,\"stations\":12345,\"is_renting\":null},");

    JsonNode parsed = Json.read(json, JsonNode.class);
    assertThat(parsed.size()).isEqualTo(4);
    assertThat(parsed.get(1).get("city").asText()).isEqualTo("Thie\u0300s");
    assertThat(parsed.get(1).get("stations").isNull()).isTrue();
    assertThat(parsed.get(3).get("city").asText()).isEqualTo("東京");
    assertThat(parsed.get(3).get("temperature_c").asDouble()).isEqualTo(-0.25);
  }

  @Test
  void anEmptySeriesStillHasItsHeader() {
    TimeSeries empty = new TimeSeries(SERIES.columns(), List.of());
    assertThat(SeriesFormat.JSON.render(empty, ZoneOffset.UTC)).isEqualTo("[]\n");
    assertThat(SeriesFormat.CSV.render(empty, ZoneOffset.UTC))
        .isEqualTo("observed_at,city,temperature_c,stations,is_renting\r\n");
    assertThat(SeriesFormat.TABLE.render(empty, ZoneOffset.UTC).lines()).hasSize(2);
  }

  @Test
  void timesAreWrittenInTheRequestedZoneWithTheirOffset() {
    TimeSeries one =
        new TimeSeries(List.of(new HistoryColumn("at", Kind.TIME)), List.of(List.of(T)));
    assertThat(SeriesFormat.CSV.render(one, ZoneId.of("Europe/Paris")))
        .isEqualTo("at\r\n2026-11-24T09:00:00+01:00\r\n");
    TimeSeries millis = new TimeSeries(
        List.of(new HistoryColumn("at", Kind.TIME)), List.of(List.of(T.plusMillis(250))));
    assertThat(SeriesFormat.JSON.render(millis, ZoneOffset.UTC))
        .isEqualTo("[\n{\"at\":\"2026-11-24T08:00:00.25Z\"}\n]\n");
  }

  @Test
  void nonFiniteDecimalsStayVisibleInJson() {
    TimeSeries nan =
        new TimeSeries(List.of(new HistoryColumn("x", Kind.DECIMAL)), List.of(List.of(Double.NaN)));
    assertThat(SeriesFormat.JSON.render(nan, ZoneOffset.UTC)).isEqualTo("[\n{\"x\":\"NaN\"}\n]\n");
  }

  @Test
  void formatNamesAreParsedInAnyCase() {
    assertThat(SeriesFormat.parse("Csv")).isEqualTo(SeriesFormat.CSV);
    assertThatThrownBy(() -> SeriesFormat.parse("xml"))
        .hasMessage("unknown format 'xml': expected one of table, csv, json");
  }
}
