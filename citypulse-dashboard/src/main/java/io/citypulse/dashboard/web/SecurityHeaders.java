package io.citypulse.dashboard.web;

import io.javalin.http.Context;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The headers every response of the dashboard carries (page, assets, JSON, event stream, errors),
 * for a deployment reachable from other machines.
 *
 * <p>The Content-Security-Policy allows scripts, styles, images and connections (fetch, the event
 * stream) from the dashboard's own origin only, plus images from the map tile host. Neither the
 * page nor {@code app.js} has inline script or {@code on*=} attributes, so {@code script-src} is
 * {@code 'self'} alone (no {@code 'unsafe-inline'}, no {@code 'unsafe-eval'}).
 *
 * <p>{@code style-src} is {@code 'self'} alone as well: Leaflet 1.9.4 and uPlot 1.6.30 position and
 * size their elements through the CSSOM ({@code element.style.transform = ...}), which CSP does
 * not restrict; only {@code style="..."} attributes in parsed HTML, {@code setAttribute("style")}
 * and {@code <style>} elements would need {@code 'unsafe-inline'}, and neither library nor the page
 * uses them (the HTML strings Leaflet writes, for the attribution, popup close button, layer and
 * scale controls, carry no style attribute; uPlot writes none). A later version of either library
 * that does would raise a CSP violation in the browser, which {@code DashboardBrowserIT} fails on.
 *
 * <p>Requests Jetty refuses before routing (an ambiguous path: 400) get Jetty's error page without
 * these headers; it holds no data and no script.
 */
final class SecurityHeaders {
  static final String CSP = "Content-Security-Policy";

  /** {@code scheme://host[:port]}: the part of a tile URL template that a CSP source names. */
  private static final Pattern TEMPLATE_ORIGIN = Pattern.compile(
      "(?i)^(https?)://(?:[^/?#@]*@)?([^/?#:]+|\\[[0-9a-f:.]+\\])(:\\d{1,5})?(?:[/?#].*)?$");

  private static final Pattern HOST_LABEL = Pattern.compile("[a-z0-9-]+");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[^}]*\\}");

  private SecurityHeaders() {}

  /**
   * The policy for a dashboard whose map tiles come from {@code tileUrl} (a Leaflet URL template;
   * empty = no tiles, so no image host beyond the dashboard).
   *
   * @throws IllegalArgumentException when the template's host cannot be named in a CSP source
   */
  static String contentSecurityPolicy(String tileUrl) {
    String images = tileSource(tileUrl).map(source -> "'self' " + source).orElse("'self'");
    return String.join(
        "; ",
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src " + images,
        "connect-src 'self'",
        "base-uri 'none'",
        "form-action 'none'",
        "frame-ancestors 'none'");
  }

  /**
   * The CSP source of the tile host: {@code https://tile.openstreetmap.org/{z}/{x}/{y}.png} gives
   * {@code https://tile.openstreetmap.org}; a sub-domain placeholder ({@code
   * https://{s}.tile.example.org/...}) gives the wildcard {@code https://*.tile.example.org}; an
   * explicit port is kept. Empty for an empty template.
   *
   * @throws IllegalArgumentException for a template whose host CSP cannot express (a placeholder in
   *     the registrable part, characters outside a host name)
   */
  static Optional<String> tileSource(String tileUrl) {
    if (tileUrl == null || tileUrl.isBlank()) {
      return Optional.empty();
    }
    Matcher url = TEMPLATE_ORIGIN.matcher(tileUrl.strip());
    if (!url.matches()) {
      throw new IllegalArgumentException("dashboard tile URL has no http(s) host: " + tileUrl);
    }
    String scheme = url.group(1).toLowerCase(Locale.ROOT);
    String host = url.group(2).toLowerCase(Locale.ROOT);
    String port = url.group(3) == null ? "" : url.group(3);
    if (!host.startsWith("[")) {
      host = hostSource(host, tileUrl);
    }
    return Optional.of(scheme + "://" + host + port);
  }

  /** The host with its templated leading labels ({@code {s}}, {@code a{s}}) folded into one {@code *}. */
  private static String hostSource(String host, String tileUrl) {
    String[] labels = host.split("\\.", -1);
    int templated = -1;
    for (int i = 0; i < labels.length; i++) {
      if (PLACEHOLDER.matcher(labels[i]).find()) {
        templated = i;
      }
    }
    // "*.b.c" is the narrowest source for "{s}.b.c"; a placeholder nearer the end would let the
    // wildcard cover a whole top-level domain.
    if (templated >= 0 && labels.length - templated < 3) {
      throw new IllegalArgumentException(
          "dashboard tile URL: a placeholder in the domain of the host cannot be allowed by the"
              + " Content-Security-Policy: " + tileUrl);
    }
    StringBuilder source = new StringBuilder(templated >= 0 ? "*" : "");
    for (int i = templated + 1; i < labels.length; i++) {
      if (!HOST_LABEL.matcher(labels[i]).matches()) {
        throw new IllegalArgumentException(
            "dashboard tile URL has an invalid host name: " + tileUrl);
      }
      source.append(source.length() == 0 ? "" : ".").append(labels[i]);
    }
    return source.toString();
  }

  /** Sets the headers on a response; run before every handler, so errors carry them too. */
  static void apply(Context ctx, String contentSecurityPolicy) {
    ctx.header(CSP, contentSecurityPolicy);
    ctx.header("X-Content-Type-Options", "nosniff");
    // Superseded by frame-ancestors in the CSP, kept for browsers that predate it.
    ctx.header("X-Frame-Options", "DENY");
    ctx.header("Referrer-Policy", "no-referrer");
  }
}
