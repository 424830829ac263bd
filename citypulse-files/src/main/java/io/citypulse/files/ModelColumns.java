package io.citypulse.files;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * The columns of a model record in a file: its {@code @JsonPropertyOrder}, declared once in the
 * model, so a file's header and a topic's JSON always name and order the fields alike.
 */
public final class ModelColumns {
  private ModelColumns() {}

  /** @throws IllegalStateException when {@code type} declares no property order */
  public static List<String> of(Class<?> type) {
    JsonPropertyOrder order = type.getAnnotation(JsonPropertyOrder.class);
    if (order == null) {
      throw new IllegalStateException(type + " declares no @JsonPropertyOrder");
    }
    return List.of(order.value());
  }
}
