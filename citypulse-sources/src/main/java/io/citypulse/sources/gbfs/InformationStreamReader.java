package io.citypulse.sources.gbfs;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.citypulse.model.StationInformation;
import java.io.IOException;
import java.util.Arrays;

/**
 * Streaming fast path for {@code station_information} entries; the rules are
 * {@link GbfsTreeReader#information}'s, GBFS 3.0 localized names included.
 */
final class InformationStreamReader extends EntryStreamReader<StationInformation> {
  private static final int STATION_ID = 1;
  private static final int STATION_CODE = 2;
  private static final int SHORT_NAME = 3;
  private static final int NAME = 4;
  private static final int LAT = 5;
  private static final int LON = 6;
  private static final int CAPACITY = 7;
  private static final int POST_CODE = 8;

  // GBFS 3.0 writes {"text": ..., "language": ...} in this order.
  private static final SerializableString TEXT = new SerializedString("text");
  private static final SerializableString LANGUAGE = new SerializedString("language");

  private final String language;

  private String stationId;
  private String stationCode;
  private String shortName;
  private String name;
  private double lat;
  private double lon;
  private int capacity;
  private String postcode;

  // Languages offered by one localized list, in first-seen order, and their texts.
  private String[] languages = new String[4];
  private String[] texts = new String[4];

  InformationStreamReader(String language) {
    this.language = language;
  }

  @Override
  void reset() {
    stationId = null;
    stationCode = null;
    shortName = null;
    name = null;
    lat = Double.NaN;
    lon = Double.NaN;
    capacity = ABSENT;
    postcode = null;
  }

  @Override
  int fieldCode(String name) {
    return switch (name) {
      case "station_id" -> STATION_ID;
      case "stationCode" -> STATION_CODE;
      case "short_name" -> SHORT_NAME;
      case "name" -> NAME;
      case "lat" -> LAT;
      case "lon" -> LON;
      case "capacity" -> CAPACITY;
      case "post_code" -> POST_CODE;
      default -> SKIPPED;
    };
  }

  @Override
  void field(int code, JsonToken t, JsonParser p) throws IOException {
    switch (code) {
      case STATION_ID -> stationId = id(t, p);
      case STATION_CODE -> stationCode = optionalText(t, p);
      case SHORT_NAME -> shortName = localized(t, p);
      case NAME -> name = localized(t, p);
      case LAT -> lat = decimal(t, p);
      case LON -> lon = decimal(t, p);
      case CAPACITY -> capacity = count(t, p);
      case POST_CODE -> postcode = optionalText(t, p);
      default -> throw new IllegalStateException("no field with code " + code);
    }
  }

  @Override
  StationInformation build() {
    if (stationId == null || lat < -90 || lat > 90 || lon < -180 || lon > 180) {
      return null;
    }
    // Vélib' stationCode, else GBFS short_name, else the station id.
    String code = stationCode != null ? stationCode : shortName != null ? shortName : stationId;
    return new StationInformation(
        stationId,
        code,
        name,
        Double.isNaN(lat) ? null : lat,
        Double.isNaN(lon) ? null : lon,
        capacity == ABSENT ? null : capacity,
        postcode);
  }

  /** GBFS 3.0 localized strings {@code [{"text","language"}]}, or plain text in earlier versions. */
  private String localized(JsonToken t, JsonParser p) throws IOException {
    if (t != JsonToken.START_ARRAY) {
      return optionalText(t, p);
    }
    int offered = 0;
    JsonToken item;
    while ((item = p.nextToken()) != JsonToken.END_ARRAY) {
      if (item != JsonToken.START_OBJECT) {
        // The tree rules ignore what is not an object.
        skip(item, p);
        continue;
      }
      String text = null;
      String itemLanguage = "";
      int keys = 0;
      String key = nextFieldName(p, TEXT);
      for (; key != null; key = nextFieldName(p, LANGUAGE)) {
        JsonToken value = p.nextToken();
        if (key.equals("text")) {
          keys = repeat(keys, 1);
          text = plainText(value, p);
        } else if (key.equals("language")) {
          keys = repeat(keys, 2);
          String spelled = plainText(value, p);
          itemLanguage = spelled == null ? "" : spelled;
        } else {
          skip(value, p);
        }
      }
      if (text != null && indexOf(itemLanguage, offered) < 0) {
        offered = offer(offered, itemLanguage, text);
      }
    }
    if (offered <= 1) {
      // One language is the choice whatever the preference.
      return offered == 0 ? null : texts[0];
    }
    String chosen = Languages.pick(Arrays.asList(languages).subList(0, offered), language);
    return texts[indexOf(chosen, offered)];
  }

  /** A string as sent (not trimmed), null for JSON null; anything else is odd. */
  private String plainText(JsonToken t, JsonParser p) throws IOException {
    if (t == JsonToken.VALUE_STRING) {
      return p.getText();
    }
    if (t != JsonToken.VALUE_NULL) {
      oddValue(p);
    }
    return null;
  }

  private int indexOf(String spelled, int offered) {
    for (int i = 0; i < offered; i++) {
      if (languages[i].equals(spelled)) {
        return i;
      }
    }
    return -1;
  }

  private int offer(int offered, String spelled, String text) {
    if (offered == languages.length) {
      languages = Arrays.copyOf(languages, offered * 2);
      texts = Arrays.copyOf(texts, offered * 2);
    }
    languages[offered] = spelled;
    texts[offered] = text;
    return offered + 1;
  }
}
