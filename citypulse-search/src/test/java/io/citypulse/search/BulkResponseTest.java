package io.citypulse.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Bulk answers in the shapes the engines send (ES 7 adds _type, ES 8+ and OpenSearch 2+ not). */
class BulkResponseTest {
  static final String ALL_OK_ES8 = """
      {"took":30,"errors":false,"items":[
       {"index":{"_index":"citypulse-stations-2026.12.06","_id":"velib:1@2026-12-06T10:15:00Z",
        "_version":1,"result":"created","_shards":{"total":1,"successful":1,"failed":0},
        "_seq_no":0,"_primary_term":1,"status":201}},
       {"index":{"_index":"citypulse-stations-2026.12.06","_id":"velib:2@2026-12-06T10:15:00Z",
        "_version":2,"result":"updated","_shards":{"total":1,"successful":1,"failed":0},
        "_seq_no":1,"_primary_term":1,"status":200}}]}
      """;

  static final String PARTIAL_OPENSEARCH = """
      {"took":4,"errors":true,"items":[
       {"index":{"_index":"citypulse-stations-2026.12.06","_id":"a","status":201}},
       {"index":{"_index":"citypulse-stations-2026.12.06","_id":"b","status":429,
        "error":{"type":"es_rejected_execution_exception",
         "reason":"rejected execution of coordinating operation [coordinating_and_primary_bytes=0, replica_bytes=0, all_bytes=0, coordinating_operation_bytes=108, max_coordinating_and_primary_bytes=107374182]"}}},
       {"index":{"_index":"citypulse-stations-2026.12.06","_id":"c","status":400,
        "error":{"type":"mapper_parsing_exception",
         "reason":"failed to parse field [bikes_available] of type [integer] in document with id 'c'. Preview of field's value: 'many'",
         "caused_by":{"type":"number_format_exception","reason":"For input string: \\"many\\""}}}}]}
      """;

  static final String ERRORS_FALSE_ES7 = """
      {"took":2,"errors":false,"items":[{"index":{"_index":"citypulse-weather-2026.12",
       "_type":"_doc","_id":"x","_version":1,"result":"created","forced_refresh":false,
       "_shards":{"total":2,"successful":1,"failed":0},"_seq_no":5,"_primary_term":1,"status":201}}]}
      """;

  @Test
  void anAllOkAnswerHasOnlySucceededItemsInRequestOrder() {
    BulkResponse response = BulkResponse.parse(ALL_OK_ES8);
    assertThat(response.errors()).isFalse();
    assertThat(response.tookMillis()).isEqualTo(30);
    assertThat(response.items()).extracting(BulkResponse.Item::status).containsExactly(201, 200);
    assertThat(response.items()).allMatch(BulkResponse.Item::succeeded);
    assertThat(response.items().get(1).id()).isEqualTo("velib:2@2026-12-06T10:15:00Z");
    assertThat(response.failures()).isEmpty();
  }

  @Test
  void aPartialFailureTellsRetryableItemsFromPermanentOnesWithTheirReasons() {
    BulkResponse response = BulkResponse.parse(PARTIAL_OPENSEARCH);
    assertThat(response.errors()).isTrue();
    BulkResponse.Item refused = response.items().get(1);
    BulkResponse.Item badValue = response.items().get(2);

    assertThat(response.items().get(0).succeeded()).isTrue();
    assertThat(refused.retryable()).isTrue();
    assertThat(refused.errorType()).isEqualTo("es_rejected_execution_exception");
    assertThat(badValue.retryable()).isFalse();
    assertThat(badValue.succeeded()).isFalse();
    assertThat(badValue.errorType()).isEqualTo("mapper_parsing_exception");
    assertThat(badValue.reason())
        .contains("failed to parse field [bikes_available] of type [integer]")
        .contains("caused by number_format_exception: For input string: \"many\"");
    assertThat(response.failures()).containsExactly(refused, badValue);
  }

  @Test
  void anElasticsearch7AnswerWithTypesParsesTheSame() {
    BulkResponse response = BulkResponse.parse(ERRORS_FALSE_ES7);
    assertThat(response.items()).singleElement().satisfies(item -> {
      assertThat(item.action()).isEqualTo("index");
      assertThat(item.index()).isEqualTo("citypulse-weather-2026.12");
      assertThat(item.succeeded()).isTrue();
    });
  }

  @Test
  void aFilteredAnswerWithoutOptionalFieldsParses() {
    BulkResponse response = BulkResponse.parse(
        "{\"took\":1,\"items\":[{\"index\":{\"_id\":\"a\",\"status\":503,\"error\":"
            + "{\"type\":\"unavailable_shards_exception\",\"reason\":\"primary shard is not active\"}}}]}");
    assertThat(response.errors()).isFalse(); // absent: the items decide, not the flag
    assertThat(response.items().get(0).retryable()).isTrue();
  }

  @Test
  void aTruncatedOrForeignAnswerIsNotMistakenForSuccess() {
    String truncated = ALL_OK_ES8.substring(0, ALL_OK_ES8.length() / 2);
    assertThatThrownBy(() -> BulkResponse.parse(truncated))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a bulk response");
    assertThatThrownBy(() -> BulkResponse.parse("<html><body>502 Bad Gateway</body></html>"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> BulkResponse.parse(
                "{\"error\":{\"type\":\"illegal_argument_exception\",\"reason\":\"x\"},\"status\":400}"))
        .hasMessageContaining("no items");
    assertThatThrownBy(() -> BulkResponse.parse("{\"items\":[{\"index\":{\"_id\":\"a\"}}]}"))
        .hasMessageContaining("without status");
  }
}
