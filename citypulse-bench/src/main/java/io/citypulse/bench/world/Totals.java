package io.citypulse.bench.world;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The compared part of one availability total (an area's, a system's or the world's): the fields
 * the per-area and per-system records share.
 *
 * @param mechanical null when no station of the total gives a breakdown (unknown is not 0)
 * @param ebike likewise
 * @param untypedBikes bikes of the stations giving neither kind; null in a record written by a
 *     build that has no such field (then not compared)
 */
public record Totals(
    long stations,
    long bikesAvailable,
    Long mechanical,
    Long ebike,
    long docksAvailable,
    long capacity,
    Long untypedBikes) {

  public static final Totals ZERO = new Totals(0, 0, null, null, 0, 0, 0L);

  /** The fields of a per-area or per-system record's JSON value (other fields ignored). */
  public static Totals fromJson(JsonNode value) {
    return new Totals(
        value.path("stations").asLong(),
        value.path("bikes_available").asLong(),
        nullableLong(value, "mechanical"),
        nullableLong(value, "ebike"),
        value.path("docks_available").asLong(),
        value.path("capacity").asLong(),
        nullableLong(value, "untyped_bikes"));
  }

  private static Long nullableLong(JsonNode value, String field) {
    JsonNode node = value.get(field);
    return node == null || node.isNull() ? null : node.asLong();
  }

  /**
   * The sum of two totals by the job's documented rules: counts add; a split adds over the totals
   * that give it and stays null when neither does; untyped bikes add (unknown if either is).
   */
  public Totals plus(Totals other) {
    return new Totals(
        stations + other.stations,
        bikesAvailable + other.bikesAvailable,
        plus(mechanical, other.mechanical),
        plus(ebike, other.ebike),
        docksAvailable + other.docksAvailable,
        capacity + other.capacity,
        untypedBikes == null || other.untypedBikes == null
            ? null
            : untypedBikes + other.untypedBikes);
  }

  private static Long plus(Long a, Long b) {
    if (a == null) {
      return b;
    }
    return b == null ? a : a + b;
  }

  /**
   * How {@code got} differs from this expected total, field by field ({@code bikes_available 12
   * (expected 10)}); empty when equal. {@code untyped_bikes} is compared only when {@code got}
   * has it.
   */
  public List<String> differences(Totals got) {
    if (equals(got)) {
      return List.of();
    }
    List<String> out = new ArrayList<>();
    field(out, "stations", stations, got.stations);
    field(out, "bikes_available", bikesAvailable, got.bikesAvailable);
    field(out, "mechanical", mechanical, got.mechanical);
    field(out, "ebike", ebike, got.ebike);
    field(out, "docks_available", docksAvailable, got.docksAvailable);
    field(out, "capacity", capacity, got.capacity);
    if (got.untypedBikes != null) {
      field(out, "untyped_bikes", untypedBikes, got.untypedBikes);
    }
    return out;
  }

  private static void field(List<String> out, String name, Object expected, Object got) {
    if (!java.util.Objects.equals(expected, got)) {
      out.add(name + " " + got + " (expected " + expected + ")");
    }
  }
}
