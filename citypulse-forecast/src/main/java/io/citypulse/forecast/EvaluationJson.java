package io.citypulse.forecast;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

/**
 * The evaluation as the JSON: {@code {"horizons":[{"horizon":"60m","model":{"mae":..,
 * "rmse":..},"persistence":{..},"historical_average":{..},"seasonal_persistence":{..},
 * "brier_empty":{"model":..,"base_rate":..},"brier_full":{..},"test_rows":..}],
 * "train":{"from":..,"to":..},"test":{"from":..,"to":..}}}. Without a model, {@code model} and the
 * Brier {@code model} are left out rather than filled with a baseline. Numbers are rounded to 4
 * decimals; times are ISO-8601 UTC.
 */
public final class EvaluationJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EvaluationJson() {}

  public static ObjectNode toTree(Evaluation evaluation) {
    ObjectNode root = MAPPER.createObjectNode();
    ArrayNode horizons = root.putArray("horizons");
    for (Evaluation.HorizonResult h : evaluation.horizons()) {
      ObjectNode node = horizons.addObject();
      node.put("horizon", Horizons.label(h.horizon()));
      if (h.model() != null) {
        errors(node.putObject("model"), h.model());
      }
      errors(node.putObject("persistence"), h.persistence());
      errors(node.putObject("historical_average"), h.historicalAverage());
      errors(node.putObject("seasonal_persistence"), h.seasonalPersistence());
      brier(node.putObject("brier_empty"), h.brierEmpty());
      brier(node.putObject("brier_full"), h.brierFull());
      node.put("test_rows", h.testRows());
    }
    window(root.putObject("train"), evaluation.train());
    window(root.putObject("test"), evaluation.test());
    return root;
  }

  /** The JSON on one line. */
  public static String write(Evaluation evaluation) {
    try {
      return MAPPER.writeValueAsString(toTree(evaluation));
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void errors(ObjectNode node, Evaluation.Errors errors) {
    number(node, "mae", errors.mae());
    number(node, "rmse", errors.rmse());
  }

  private static void brier(ObjectNode node, Evaluation.Brier brier) {
    if (brier.model() != null) {
      number(node, "model", brier.model());
    }
    number(node, "base_rate", brier.baseRate());
  }

  private static void window(ObjectNode node, Evaluation.Window window) {
    node.put("from", Instant.ofEpochSecond(window.from()).toString());
    node.put("to", Instant.ofEpochSecond(window.to()).toString());
  }

  /** Rounded to 4 decimals; NaN (nothing to score) as null. */
  private static void number(ObjectNode node, String name, double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      node.putNull(name);
    } else {
      node.put(name, BigDecimal.valueOf(value).setScale(4, RoundingMode.HALF_UP).doubleValue());
    }
  }
}
