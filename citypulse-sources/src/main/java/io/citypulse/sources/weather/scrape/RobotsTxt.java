package io.citypulse.sources.weather.scrape;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One site's robots.txt, read as RFC 9309 says: the groups whose user-agent is our product token
 * (case-insensitive), else the {@code *} groups, are combined; the longest matching
 * allow/disallow rule wins and allow wins a tie; {@code *} matches any characters and a final
 * {@code $} anchors the end; {@code /robots.txt} itself is always allowed; only the first 500
 * KiB are read. {@code Crawl-delay} (not in the RFC, but common) is kept for the throttle.
 * Immutable and pure.
 */
public final class RobotsTxt {

  /** RFC 9309 2.5: crawlers must read at least 500 kibibytes. */
  static final int MAX_BYTES = 500 * 1024;

  /** A robots.txt that allows everything (none, or 404). */
  public static final RobotsTxt ALLOW_ALL = new RobotsTxt(List.of(), null);

  /** One allow or disallow line. */
  private record Rule(boolean allow, String path, Pattern pattern) {
    static Rule of(boolean allow, String path) {
      boolean anchored = path.endsWith("$");
      String body = anchored ? path.substring(0, path.length() - 1) : path;
      StringBuilder regex = new StringBuilder();
      String[] pieces = body.split("\\*", -1);
      for (int i = 0; i < pieces.length; i++) {
        if (i > 0) {
          regex.append(".*");
        }
        regex.append(Pattern.quote(normalizeEncoding(pieces[i])));
      }
      if (anchored) {
        regex.append('$');
      }
      return new Rule(allow, path, Pattern.compile(regex.toString(), Pattern.DOTALL));
    }

    boolean matches(String target) {
      return pattern.matcher(target).lookingAt();
    }
  }

  private final List<Rule> rules;
  private final Duration crawlDelay;

  private RobotsTxt(List<Rule> rules, Duration crawlDelay) {
    this.rules = List.copyOf(rules);
    this.crawlDelay = crawlDelay;
  }

  /**
   * The rules for {@code productToken} ({@code citypulse}) in a robots.txt body.
   *
   * @param productToken the first word of our User-Agent, without version
   */
  public static RobotsTxt parse(byte[] body, String productToken) {
    int length = Math.min(body.length, MAX_BYTES);
    String text = new String(body, 0, length, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    String token = productToken.toLowerCase(Locale.ROOT);
    List<Rule> ours = new ArrayList<>();
    List<Rule> anyone = new ArrayList<>();
    Duration ourDelay = null;
    Duration anyDelay = null;
    boolean foundOurs = false;
    // The current group: the user-agents named by consecutive user-agent lines.
    boolean groupIsOurs = false;
    boolean groupIsAnyone = false;
    boolean inAgents = false;
    for (String raw : text.split("\r\n|\r|\n")) {
      int hash = raw.indexOf('#');
      String line = (hash >= 0 ? raw.substring(0, hash) : raw).trim();
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue;
      }
      String key = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = line.substring(colon + 1).trim();
      if (key.equals("user-agent")) {
        if (!inAgents) {
          groupIsOurs = false;
          groupIsAnyone = false;
          inAgents = true;
        }
        String agent = value.toLowerCase(Locale.ROOT);
        if (agent.equals(token)) {
          groupIsOurs = true;
          foundOurs = true;
        } else if (agent.equals("*")) {
          groupIsAnyone = true;
        }
        continue;
      }
      inAgents = false;
      boolean allow = key.equals("allow");
      if (allow || key.equals("disallow")) {
        if (value.isEmpty()) {
          continue; // "Disallow:" with no path allows everything: no rule
        }
        Rule rule = Rule.of(allow, value);
        if (groupIsOurs) {
          ours.add(rule);
        }
        if (groupIsAnyone) {
          anyone.add(rule);
        }
      } else if (key.equals("crawl-delay")) {
        Duration delay = seconds(value);
        if (delay != null) {
          if (groupIsOurs) {
            ourDelay = delay;
          }
          if (groupIsAnyone) {
            anyDelay = delay;
          }
        }
      }
    }
    return foundOurs ? new RobotsTxt(ours, ourDelay) : new RobotsTxt(anyone, anyDelay);
  }

  /**
   * Whether we may fetch the path.
   *
   * @param pathAndQuery the URL's raw path and query, e.g. {@code /weather/senegal/dakar?x=1}
   */
  public boolean allows(String pathAndQuery) {
    String target =
        normalizeEncoding(pathAndQuery == null || pathAndQuery.isEmpty() ? "/" : pathAndQuery);
    if (target.equals("/robots.txt")) {
      return true;
    }
    Rule best = best(target);
    return best == null || best.allow();
  }

  /** The rule that decides {@code pathAndQuery}, for messages; null when none does. */
  public String decidingRule(String pathAndQuery) {
    Rule best = best(normalizeEncoding(pathAndQuery));
    return best == null ? null : (best.allow() ? "Allow: " : "Disallow: ") + best.path();
  }

  /** The longest matching rule, allow winning a tie; null when none matches. */
  private Rule best(String target) {
    Rule best = null;
    for (Rule rule : rules) {
      if (!rule.matches(target)) {
        continue;
      }
      int length = rule.path().length();
      if (best == null
          || length > best.path().length()
          || length == best.path().length() && rule.allow() && !best.allow()) {
        best = rule;
      }
    }
    return best;
  }

  /** The Crawl-delay for us, or null when the file gives none. */
  public Duration crawlDelay() {
    return crawlDelay;
  }

  private static Duration seconds(String value) {
    try {
      double seconds = Double.parseDouble(value);
      if (!(seconds >= 0) || Double.isInfinite(seconds)) {
        return null;
      }
      return Duration.ofMillis((long) Math.ceil(seconds * 1000));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Percent-escapes in upper case so {@code %2f} and {@code %2F} compare equal (RFC 9309 2.2.2). */
  private static String normalizeEncoding(String path) {
    StringBuilder out = new StringBuilder(path.length());
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c == '%' && i + 2 < path.length()) {
        out.append('%')
            .append(Character.toUpperCase(path.charAt(i + 1)))
            .append(Character.toUpperCase(path.charAt(i + 2)));
        i += 2;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
