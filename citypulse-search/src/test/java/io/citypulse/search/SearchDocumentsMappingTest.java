package io.citypulse.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every field the document builders emit is in the stream's strict mapping with a type that
 * accepts the value: a new model field without its mapping would otherwise be refused by the
 * cluster (strict_dynamic_mapping_exception) for every document.
 */
class SearchDocumentsMappingTest {
  private static final Instant T = Instant.parse("2026-12-06T10:15:00Z");

  @Test
  void everyStationFieldIsMappedWithACompatibleType() throws Exception {
    assertFitsMapping(
        SearchStream.STATIONS, SearchDocuments.of(Samples.station("1", 5, T), IndexNaming.DEFAULT));
  }

  @Test
  void everyPostcodeFieldIsMappedWithACompatibleType() throws Exception {
    assertFitsMapping(
        SearchStream.POSTCODES,
        SearchDocuments.of(Samples.postcode("75004", 40, T, "velib"), IndexNaming.DEFAULT));
  }

  @Test
  void everyWeatherFieldIsMappedWithACompatibleType() throws Exception {
    assertFitsMapping(
        SearchStream.WEATHER,
        SearchDocuments.of(Samples.weather("paris", 7.5, T), IndexNaming.DEFAULT));
  }

  @Test
  void everyMappedFieldIsEmittedSoTheMappingHasNoDeadFields() throws Exception {
    Map<SearchStream, SearchDocument> docs = Map.of(
        SearchStream.STATIONS, SearchDocuments.of(Samples.station("1", 5, T), IndexNaming.DEFAULT),
        SearchStream.POSTCODES,
            SearchDocuments.of(Samples.postcode("75004", 40, T, "velib"), IndexNaming.DEFAULT),
        SearchStream.WEATHER,
            SearchDocuments.of(Samples.weather("paris", 7.5, T), IndexNaming.DEFAULT));
    for (SearchStream stream : SearchStream.values()) {
      JsonNode json = Json.MAPPER.readTree(docs.get(stream).json());
      List<String> missing = new ArrayList<>();
      IndexTemplates.mapping(stream).path("properties").fieldNames().forEachRemaining(field -> {
        if (!json.has(field)) {
          missing.add(field);
        }
      });
      assertThat(missing).as("mapped but never emitted in %s", stream).isEmpty();
    }
  }

  @Test
  void templatesTargetTheirStreamWithOneShardConfiguredReplicasAndAStrictMapping()
      throws Exception {
    JsonNode body = Json.MAPPER.readTree(
        IndexTemplates.body(SearchStream.STATIONS, new IndexNaming("city", IndexPeriod.DAY), 2));
    assertThat(body.path("index_patterns").get(0).asText()).isEqualTo("city-stations*");
    assertThat(body.path("priority").asInt()).isEqualTo(IndexTemplates.PRIORITY);
    assertThat(body.at("/template/settings/index/number_of_shards").asInt()).isEqualTo(1);
    assertThat(body.at("/template/settings/index/number_of_replicas").asInt()).isEqualTo(2);
    assertThat(body.at("/template/mappings/dynamic").asText()).isEqualTo("strict");
    assertThat(body.at("/template/mappings/properties/geo_location/type").asText())
        .isEqualTo("geo_point");
    for (SearchStream stream : SearchStream.values()) {
      assertThat(IndexTemplates.fieldType(stream, "@timestamp")).isEqualTo("date");
      assertThat(IndexTemplates.fieldType(stream, "key")).isEqualTo("keyword");
    }
  }

  private static void assertFitsMapping(SearchStream stream, SearchDocument doc) throws Exception {
    JsonNode properties = IndexTemplates.mapping(stream).path("properties");
    JsonNode json = Json.MAPPER.readTree(doc.json());
    List<String> problems = new ArrayList<>();
    json.properties().forEach(field -> {
      JsonNode mapped = properties.path(field.getKey());
      if (mapped.isMissingNode()) {
        problems.add(field.getKey() + " is not mapped");
        return;
      }
      String type = mapped.path("type").asText();
      if (!accepts(type, field.getValue())) {
        problems.add(field.getKey() + ": " + field.getValue() + " does not fit " + type);
      }
    });
    assertThat(problems).as("fields of %s", stream).isEmpty();
    assertThat(json.size()).as("a sample with every field set").isGreaterThan(10);
  }

  private static boolean accepts(String type, JsonNode value) {
    return switch (type) {
      case "keyword", "text" -> value.isTextual();
      case "date" -> value.isTextual() && parsesAsInstant(value.asText());
      case "integer" -> value.isIntegralNumber() && value.canConvertToInt();
      case "long" -> value.isIntegralNumber() && value.canConvertToLong();
      case "double", "float", "scaled_float" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "geo_point" ->
        value.isObject()
            && value.path("lat").isNumber()
            && value.path("lon").isNumber()
            && Set.of("lat", "lon").containsAll(iterableNames(value));
      default -> false;
    };
  }

  private static List<String> iterableNames(JsonNode value) {
    List<String> names = new ArrayList<>();
    value.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static boolean parsesAsInstant(String text) {
    try {
      Instant.parse(text);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
