package io.citypulse.sources.gbfs;

import java.util.Collection;
import java.util.Locale;

/** Picks one language among those a feed offers: the preferred one, else English, else the first. */
final class Languages {
  private Languages() {}

  /** The chosen entry of {@code available} (as spelled there), or null when none is offered. */
  static String pick(Collection<String> available, String preferred) {
    if (available.isEmpty()) {
      return null;
    }
    String match = match(available, preferred);
    if (match == null) {
      match = match(available, "en");
    }
    return match != null ? match : available.iterator().next();
  }

  /** Exact tag first ({@code fr-FR}), then same primary language ({@code fr} vs {@code fr-FR}). */
  private static String match(Collection<String> available, String wanted) {
    if (wanted == null || wanted.isBlank()) {
      return null;
    }
    String want = wanted.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    for (String language : available) {
      if (language != null
          && language.toLowerCase(Locale.ROOT).replace('_', '-').equals(want)) {
        return language;
      }
    }
    String primary = primary(want);
    for (String language : available) {
      if (language != null
          && primary(language.toLowerCase(Locale.ROOT).replace('_', '-')).equals(primary)) {
        return language;
      }
    }
    return null;
  }

  private static String primary(String tag) {
    int dash = tag.indexOf('-');
    return dash < 0 ? tag : tag.substring(0, dash);
  }
}
