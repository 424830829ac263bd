package io.citypulse.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkBodyTest {
  private static SearchDocument doc(String id, String json) {
    return new SearchDocument(SearchStream.STATIONS, "citypulse-stations-2026.12.06", id, json);
  }

  @Test
  void eachDocumentIsAnIndexActionLineAndItsSourceLineAndTheBodyEndsWithANewline() {
    String body = BulkBody.of(List.of(doc("a@1", "{\"x\":1}"), doc("b\"quoted\"@2", "{\"x\":2}")));
    assertThat(body)
        .isEqualTo("{\"index\":{\"_index\":\"citypulse-stations-2026.12.06\",\"_id\":\"a@1\"}}\n"
            + "{\"x\":1}\n"
            + "{\"index\":{\"_index\":\"citypulse-stations-2026.12.06\",\"_id\":\"b\\\"quoted\\\"@2\"}}\n"
            + "{\"x\":2}\n");
  }

  @Test
  void chunksRespectTheDocumentLimitAndKeepTheOrder() {
    List<SearchDocument> docs = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      docs.add(doc("d" + i, "{}"));
    }
    List<List<SearchDocument>> chunks = BulkBody.chunks(docs, 1_000, Long.MAX_VALUE);
    assertThat(chunks).extracting(List::size).containsExactly(1_000, 1_000, 500);
    assertThat(chunks.get(2).get(0).id()).isEqualTo("d2000");
  }

  @Test
  void chunksRespectTheByteLimitAndALargerDocumentTravelsAlone() {
    SearchDocument small = doc("s", "{\"v\":\"" + "x".repeat(100) + "\"}");
    SearchDocument large = doc("l", "{\"v\":\"" + "x".repeat(5_000) + "\"}");
    long smallSize = BulkBody.sizeOf(small);
    assertThat(smallSize).isEqualTo(BulkBody.of(List.of(small)).length());

    List<List<SearchDocument>> chunks =
        BulkBody.chunks(List.of(small, small, small, large, small), 10, smallSize * 2);
    assertThat(chunks).extracting(List::size).containsExactly(2, 1, 1, 1);
    assertThat(chunks.get(2)).containsExactly(large);
  }
}
