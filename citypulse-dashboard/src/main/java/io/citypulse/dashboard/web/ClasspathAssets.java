package io.citypulse.dashboard.web;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the page and its WebJars from the classpath through the class loader. Javalin's own
 * static-file handlers mount the jar as a file system, which reads the whole central directory of
 * the 300 MB application jar: about a second per handler at start-up, on a 2-core machine taken
 * from Spark and the broker (measured 2.4 s for the two). Reading a resource through the class
 * loader uses the jar the JVM already has open.
 */
final class ClasspathAssets {
  static final String PAGE_ROOT = "public/";
  static final String WEBJAR_ROOT = "META-INF/resources/webjars/";
  /** The files of {@link #PAGE_ROOT} served at the root. */
  static final List<String> PAGES = List.of("index.html", "app.js", "app.css", "favicon.svg");

  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "png", "image/png",
      "svg", "image/svg+xml",
      "json", "application/json",
      "map", "application/json");

  private ClasspathAssets() {}

  /** A page file ({@code index.html}, {@code app.js}...): revalidated on every load. */
  static void page(Context ctx, String name) {
    serve(ctx, PAGE_ROOT + name, "no-cache");
  }

  /** A WebJar file by its path below {@code /webjars/}: versioned, so cacheable for good. */
  static void webjar(Context ctx) {
    serve(ctx, WEBJAR_ROOT + ctx.pathParam("path"), "public, max-age=31536000, immutable");
  }

  private static void serve(Context ctx, String resource, String cacheControl) {
    if (!isSafe(resource)) {
      ctx.status(HttpStatus.NOT_FOUND);
      return;
    }
    byte[] body;
    try (InputStream in = ClasspathAssets.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        ctx.status(HttpStatus.NOT_FOUND);
        return;
      }
      body = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    ctx.header("Cache-Control", cacheControl).contentType(typeOf(resource)).result(body);
  }

  /** No way out of the served roots: no {@code ..} segment, no backslash, no empty segment. */
  static boolean isSafe(String resource) {
    for (String segment : resource.split("/", -1)) {
      if (segment.isEmpty() || segment.equals("..") || segment.equals(".")) {
        return false;
      }
    }
    return !resource.contains("\\") && !resource.contains("%");
  }

  static String typeOf(String resource) {
    int dot = resource.lastIndexOf('.');
    String extension = dot < 0 ? "" : resource.substring(dot + 1).toLowerCase(Locale.ROOT);
    return TYPES.getOrDefault(extension, "application/octet-stream");
  }
}
