package io.citypulse.jobs.parquet;

import static io.citypulse.jobs.parquet.HistoryRecords.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ParquetSchemasTest {
  private static final Instant T = Instant.parse("2025-10-18T08:00:00Z");

  private static Record sample(ParquetStream stream) {
    return switch (stream) {
      case STATIONS -> HistoryRecords.station("velib", "16107", 5, T, T.plusSeconds(30));
      case POSTCODES -> HistoryRecords.systemArea("sim-0001", "75004", 12, T);
      case WEATHER -> HistoryRecords.weather("paris", 11.5, T);
    };
  }

  private static final Map<Class<?>, DataType> SPARK_TYPES = Map.of(
      String.class,
      DataTypes.StringType,
      int.class,
      DataTypes.IntegerType,
      Integer.class,
      DataTypes.IntegerType,
      long.class,
      DataTypes.LongType,
      Long.class,
      DataTypes.LongType,
      double.class,
      DataTypes.DoubleType,
      Double.class,
      DataTypes.DoubleType,
      boolean.class,
      DataTypes.BooleanType,
      Boolean.class,
      DataTypes.BooleanType,
      Instant.class,
      DataTypes.TimestampType);

  @ParameterizedTest
  @EnumSource(ParquetStream.class)
  void jsonSchemaHasExactlyTheFieldsTheModelWritesInItsOrder(ParquetStream stream)
      throws Exception {
    JsonNode written = Json.MAPPER.readTree(json(sample(stream)));
    List<String> writtenNames = new ArrayList<>();
    written.fieldNames().forEachRemaining(writtenNames::add);

    assertThat(ParquetSchemas.json(stream).fieldNames()).containsExactlyElementsOf(writtenNames);
  }

  @ParameterizedTest
  @EnumSource(ParquetStream.class)
  void eachColumnHasTheSparkTypeOfTheModelComponentAndIsNullableUnlessPrimitive(
      ParquetStream stream) {
    StructType schema = ParquetSchemas.json(stream);
    RecordComponent[] components = stream.recordType().getRecordComponents();
    assertThat(schema.fields()).hasSameSizeAs(components);
    for (RecordComponent component : components) {
      String name = component.getAccessor().getAnnotation(JsonProperty.class).value();
      StructField field = schema.apply(name);
      assertThat(field.dataType()).as(name).isEqualTo(SPARK_TYPES.get(component.getType()));
      assertThat(field.nullable())
          .as(name + " nullable")
          .isEqualTo(!component.getType().isPrimitive());
    }
  }

  @ParameterizedTest
  @EnumSource(ParquetStream.class)
  void tableIsTheJsonFieldsThenKafkaTimestampAndDate(ParquetStream stream) {
    StructType table = ParquetSchemas.table(stream);
    List<String> expected = new ArrayList<>(List.of(ParquetSchemas.json(stream).fieldNames()));
    expected.add("kafka_timestamp");
    expected.add("date");

    assertThat(table.fieldNames()).containsExactlyElementsOf(expected);
    assertThat(table.apply("kafka_timestamp").dataType()).isEqualTo(DataTypes.TimestampType);
    assertThat(table.apply("date").dataType()).isEqualTo(DataTypes.StringType);
    assertThat(table.fieldNames()).contains(stream.partitionColumns().toArray(String[]::new));
    assertThat(table.fieldNames()).contains(stream.keyFields().toArray(String[]::new));
    for (String time : stream.timeFields()) {
      assertThat(table.apply(time).dataType()).as(time).isEqualTo(DataTypes.TimestampType);
    }
  }

  @Test
  void requiredFieldsAreTheKeysThenThePrimitives() {
    assertThat(ParquetSchemas.requiredFields(ParquetStream.STATIONS))
        .containsExactly(
            "system",
            "station_code",
            "bikes_available",
            "is_installed",
            "is_renting",
            "is_returning");
    // An unknown split is null: a postcode record without one is still written.
    assertThat(ParquetSchemas.requiredFields(ParquetStream.POSTCODES))
        .containsExactly("postcode", "stations", "bikes_available", "docks_available", "capacity");
    assertThat(ParquetSchemas.requiredFields(ParquetStream.WEATHER))
        .containsExactly("location", "observations_1h");
  }

  @Test
  void addedColumnsAreNullableJsonFieldsAtTheEnd() {
    for (ParquetStream stream : ParquetStream.values()) {
      List<String> added = ParquetSchemas.addedColumns(stream);
      List<String> fields = List.of(ParquetSchemas.json(stream).fieldNames());
      // Appended, so every older column keeps its position.
      assertThat(fields.subList(fields.size() - added.size(), fields.size()))
          .as(stream.name())
          .containsExactlyElementsOf(added);
      for (String name : added) {
        assertThat(ParquetSchemas.json(stream).apply(name).nullable()).as(name).isTrue();
      }
    }
    assertThat(ParquetSchemas.addedColumns(ParquetStream.POSTCODES))
        .containsExactly("untyped_bikes", "system");
  }

  @Test
  void dateIsTheUtcDateOfTheTime() {
    assertThat(ParquetSchemas.utcDate(Instant.parse("2025-10-18T23:59:59.999999Z")))
        .isEqualTo("2025-10-18");
    assertThat(ParquetSchemas.utcDate(Instant.parse("2025-10-19T00:00:00Z")))
        .isEqualTo("2025-10-19");
    // 01:30 in Paris on the 19th is still the 18th in UTC.
    assertThat(ParquetSchemas.utcDate(Instant.parse("2025-10-18T23:30:00Z")))
        .isEqualTo("2025-10-18");
    assertThat(ParquetSchemas.utcDate(Instant.parse("1969-12-31T23:59:59Z")))
        .isEqualTo("1969-12-31");
  }
}
