package io.citypulse.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The saved objects in {@code docs/dashboards} (one file for OpenSearch Dashboards, one for
 * Kibana) hold together and fit the index mappings: every reference points at an object of the
 * file, every visualization reads an index pattern of ours, and every field a chart or map uses
 * exists in that stream's mapping with a type the aggregation accepts (geo_point for maps, date
 * for time axes, numbers for metrics, keyword for terms). No Dashboards server is started: that
 * the files import is not tested here (none can run in this build).
 */
class SavedObjectsTest {
  private static final Path DIR = Path.of("..", "docs", "dashboards");
  private static final Set<String> NUMERIC = Set.of("integer", "long", "float", "double");

  private record SavedObject(String type, String id, JsonNode node) {
    JsonNode attributes() {
      return node.path("attributes");
    }

    /** The id of the object a reference by {@code name} points to, or null. */
    String referenced(String name) {
      for (JsonNode ref : node.path("references")) {
        if (ref.path("name").asText().equals(name)) {
          return ref.path("type").asText() + "/" + ref.path("id").asText();
        }
      }
      return null;
    }
  }

  private static Map<String, SavedObject> read(String file) throws IOException {
    Map<String, SavedObject> objects = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(DIR.resolve(file), StandardCharsets.UTF_8);
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      JsonNode node = Json.MAPPER.readTree(line); // throws on a line that is not JSON
      String type = node.path("type").asText();
      String id = node.path("id").asText();
      assertThat(type).as("type of %s", line).isNotBlank();
      assertThat(id).as("id of %s", line).isNotBlank();
      assertThat(node.path("attributes").path("title").asText())
          .as("title of %s", id)
          .isNotBlank();
      assertThat(objects.put(type + "/" + id, new SavedObject(type, id, node)))
          .as("duplicate %s/%s", type, id)
          .isNull();
    }
    return objects;
  }

  @ParameterizedTest
  @ValueSource(strings = {"opensearch-dashboards.ndjson", "kibana.ndjson"})
  void everyReferencePointsAtAnObjectOfTheFile(String file) throws IOException {
    Map<String, SavedObject> objects = read(file);
    for (SavedObject object : objects.values()) {
      for (JsonNode ref : object.node().path("references")) {
        String target = ref.path("type").asText() + "/" + ref.path("id").asText();
        assertThat(objects).as("%s references %s", object.id(), target).containsKey(target);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"opensearch-dashboards.ndjson", "kibana.ndjson"})
  void theIndexPatternsAreTheThreeStreamsTimedByTimestampWithTheirMappedFields(String file)
      throws IOException {
    Map<String, SavedObject> objects = read(file);
    List<String> titles = new ArrayList<>();
    for (SavedObject object : objects.values()) {
      if (!object.type().equals("index-pattern")) {
        continue;
      }
      SearchStream stream = streamOf(object);
      titles.add(object.attributes().path("title").asText());
      String timeField = object.attributes().path("timeFieldName").asText();
      assertThat(timeField).isEqualTo("@timestamp");
      assertThat(IndexTemplates.fieldType(stream, timeField)).isEqualTo("date");
      JsonNode fields = Json.MAPPER.readTree(object.attributes().path("fields").asText());
      for (JsonNode field : fields) {
        String name = field.path("name").asText();
        if (name.startsWith("_")) {
          continue; // _id, _index: metadata fields every index has
        }
        String mapped = mappedType(stream, name);
        assertThat(mapped).as("field %s of %s", name, object.id()).isNotNull();
        assertThat(field.path("esTypes").get(0).asText()).as("type of %s", name).isEqualTo(mapped);
      }
    }
    assertThat(titles)
        .containsExactlyInAnyOrder(
            IndexNaming.DEFAULT.pattern(SearchStream.STATIONS),
            IndexNaming.DEFAULT.pattern(SearchStream.POSTCODES),
            IndexNaming.DEFAULT.pattern(SearchStream.WEATHER));
  }

  @ParameterizedTest
  @ValueSource(strings = {"opensearch-dashboards.ndjson", "kibana.ndjson"})
  void everyChartUsesFieldsOfItsIndexWithSuitableTypes(String file) throws IOException {
    Map<String, SavedObject> objects = read(file);
    int checked = 0;
    for (SavedObject object : objects.values()) {
      if (!object.type().equals("visualization")) {
        continue;
      }
      JsonNode searchSource = Json.MAPPER.readTree(object
          .attributes()
          .path("kibanaSavedObjectMeta")
          .path("searchSourceJSON")
          .asText());
      String indexRef = object.referenced(searchSource.path("indexRefName").asText());
      assertThat(indexRef).as("index pattern of %s", object.id()).startsWith("index-pattern/");
      SearchStream stream = streamOf(objects.get(indexRef));
      JsonNode visState =
          Json.MAPPER.readTree(object.attributes().path("visState").asText());
      for (JsonNode agg : visState.path("aggs")) {
        String type = agg.path("type").asText();
        String field = agg.path("params").path("field").asText(null);
        if (field == null) {
          continue;
        }
        assertThat(mappedType(stream, field))
            .as("%s: %s on %s in %s", object.id(), type, field, stream)
            .isIn(acceptedTypes(type));
        checked++;
      }
    }
    assertThat(checked).as("fields checked").isGreaterThanOrEqualTo(7);
  }

  @ParameterizedTest
  @ValueSource(strings = {"opensearch-dashboards.ndjson", "kibana.ndjson"})
  void theStationsMapDrawsTheGeoPointOfTheStationsIndex(String file) throws IOException {
    Map<String, SavedObject> objects = read(file);
    SavedObject map = objects.containsKey("map/citypulse-stations-map")
        ? objects.get("map/citypulse-stations-map")
        : objects.get("visualization/citypulse-stations-map");
    assertThat(map).as("a stations map in %s", file).isNotNull();
    if (map.type().equals("visualization")) {
      JsonNode visState = Json.MAPPER.readTree(map.attributes().path("visState").asText());
      assertThat(visState.path("type").asText()).isEqualTo("tile_map");
      return; // its geohash_grid field is checked with the other charts
    }
    // A Kibana Maps object: each Elasticsearch layer names its index pattern and its fields.
    int esLayers = 0;
    for (JsonNode layer :
        Json.MAPPER.readTree(map.attributes().path("layerListJSON").asText())) {
      JsonNode source = layer.path("sourceDescriptor");
      if (!source.path("type").asText().startsWith("ES_")) {
        continue;
      }
      esLayers++;
      String indexRef = map.referenced(source.path("indexPatternRefName").asText());
      assertThat(indexRef).as("layer %s", layer.path("id")).isNotNull();
      SearchStream stream = streamOf(objects.get(indexRef));
      assertThat(stream).isEqualTo(SearchStream.STATIONS);
      assertThat(mappedType(stream, source.path("geoField").asText())).isEqualTo("geo_point");
      assertThat(mappedType(stream, source.path("topHitsSplitField").asText()))
          .isEqualTo("keyword");
      assertThat(mappedType(stream, source.path("sortField").asText())).isEqualTo("date");
      for (JsonNode tooltip : source.path("tooltipProperties")) {
        assertThat(mappedType(stream, tooltip.asText()))
            .as("tooltip %s", tooltip)
            .isNotNull();
      }
      for (JsonNode property : layer.path("style").path("properties")) {
        JsonNode field = property.path("options").path("field");
        if (property.path("type").asText().equals("DYNAMIC")) {
          assertThat(mappedType(stream, field.path("name").asText()))
              .as("styled by %s", field)
              .isIn(NUMERIC);
        }
      }
    }
    assertThat(esLayers).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"opensearch-dashboards.ndjson", "kibana.ndjson"})
  void theDashboardShowsTheMapAndBothChartsThroughItsReferences(String file) throws IOException {
    Map<String, SavedObject> objects = read(file);
    SavedObject dashboard = objects.get("dashboard/citypulse-overview");
    assertThat(dashboard).isNotNull();
    List<String> shown = new ArrayList<>();
    for (JsonNode panel :
        Json.MAPPER.readTree(dashboard.attributes().path("panelsJSON").asText())) {
      String target = dashboard.referenced(panel.path("panelRefName").asText());
      assertThat(target).as("panel %s", panel.path("panelIndex")).isNotNull();
      shown.add(target.substring(target.indexOf('/') + 1));
    }
    assertThat(shown)
        .containsExactly(
            "citypulse-stations-map",
            "citypulse-bikes-per-postcode",
            "citypulse-weather-per-location");
  }

  private static SearchStream streamOf(SavedObject indexPattern) {
    String title = indexPattern.attributes().path("title").asText();
    for (SearchStream stream : SearchStream.values()) {
      if (IndexNaming.DEFAULT.pattern(stream).equals(title)) {
        return stream;
      }
    }
    throw new AssertionError("index pattern " + title + " is not one of ours");
  }

  /** The mapped type of a field, sub-fields ({@code name.text}) included; null when unmapped. */
  private static String mappedType(SearchStream stream, String field) {
    JsonNode properties = IndexTemplates.mapping(stream).path("properties");
    int dot = field.indexOf('.');
    JsonNode mapped = dot < 0
        ? properties.path(field)
        : properties.path(field.substring(0, dot)).path("fields").path(field.substring(dot + 1));
    return mapped.path("type").isTextual() ? mapped.path("type").asText() : null;
  }

  private static final Map<String, Set<String>> ACCEPTED = new HashMap<>();

  static {
    ACCEPTED.put("date_histogram", Set.of("date"));
    ACCEPTED.put("geohash_grid", Set.of("geo_point"));
    ACCEPTED.put("geotile_grid", Set.of("geo_point"));
    ACCEPTED.put("terms", Set.of("keyword", "boolean", "integer", "long"));
    for (String metric : List.of("avg", "max", "min", "sum", "median", "percentiles")) {
      ACCEPTED.put(metric, NUMERIC);
    }
  }

  private static Set<String> acceptedTypes(String aggregation) {
    Set<String> accepted = ACCEPTED.get(aggregation);
    assertThat(accepted).as("aggregation %s known to this test", aggregation).isNotNull();
    return accepted;
  }
}
