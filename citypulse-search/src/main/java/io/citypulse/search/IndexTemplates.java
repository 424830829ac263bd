package io.citypulse.search;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The composable index template of each stream ({@code PUT _index_template/<name>}, which
 * Elasticsearch 7.8+ and OpenSearch 1.0+ both accept): the stream's index pattern, one shard, the
 * configured replicas, and the mapping in {@code io/citypulse/search/<stream>.mapping.json}.
 *
 * <p>The mappings are {@code "dynamic": "strict"}: a field the mapping does not know fails the
 * document loudly (strict_dynamic_mapping_exception, returned as a rejected document) instead of
 * being guessed, and a value of the wrong type fails with mapper_parsing_exception (ES 8+:
 * document_parsing_exception). {@code SearchDocumentsMappingTest} checks that every field the
 * document builders emit is mapped with a compatible type.
 *
 * <p>A template applies to indices created after it: {@link SearchIndexer#prepare()} puts the
 * templates before anything is indexed; an index created earlier keeps its old mapping until
 * it is rolled over (next day or month) or deleted.
 */
public final class IndexTemplates {
  /**
   * Above the priority 0 of user templates made without one and of the built-in ones
   * ({@code logs-*-*} is 100 in Elasticsearch but does not overlap these patterns).
   */
  static final int PRIORITY = 200;

  private IndexTemplates() {}

  /** The mapping of {@code stream}'s documents ({@code {"dynamic":"strict","properties":...}}). */
  public static ObjectNode mapping(SearchStream stream) {
    String resource = stream.baseName() + ".mapping.json";
    try (InputStream in = IndexTemplates.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("missing resource io/citypulse/search/" + resource);
      }
      return (ObjectNode) Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /**
   * The body of {@code PUT _index_template/<naming.templateName(stream)>}.
   *
   * @param replicas replicas per shard: 0 on a single node (else the indices stay yellow)
   */
  public static String body(SearchStream stream, IndexNaming naming, int replicas) {
    if (replicas < 0) {
      throw new IllegalArgumentException("replicas must be >= 0: " + replicas);
    }
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.putArray("index_patterns").add(naming.pattern(stream));
    body.put("priority", PRIORITY);
    ObjectNode template = body.putObject("template");
    ObjectNode index = template.putObject("settings").putObject("index");
    index.put("number_of_shards", 1);
    index.put("number_of_replicas", replicas);
    template.set("mappings", mapping(stream));
    body.putObject("_meta").put("created_by", "citypulse").put("stream", stream.baseName());
    return Json.writeString(body);
  }

  /** The mapped type of a top-level field, or null when the mapping does not have it. */
  public static String fieldType(SearchStream stream, String field) {
    JsonNode type = mapping(stream).path("properties").path(field).path("type");
    return type.isTextual() ? type.asText() : null;
  }
}
