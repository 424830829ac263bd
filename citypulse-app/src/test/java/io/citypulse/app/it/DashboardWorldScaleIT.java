package io.citypulse.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.citypulse.dashboard.state.DashboardState;
import io.citypulse.dashboard.view.StationIndex;
import io.citypulse.dashboard.web.DashboardServer;
import io.citypulse.dashboard.web.ServerSettings;
import io.citypulse.model.StationRecord;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.lang.ref.Reference;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.WheelInput;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard with a world of stations (about 300,000 from the 1,500 systems of the generated
 * world, applied to the dashboard's state directly: no broker, no Spark) in a real browser, while
 * 2,000 station changes a second flow to the page: panned, zoomed (by script and by mouse) from
 * the world to a street and back, a system chosen and unchosen, the page never runs a task longer
 * than 200 ms (the browser's own {@code longtask} entries, collected from before the page's first
 * script). Also measures what {@code docs/benchmarks.md} reports: the index's memory per station,
 * the size and time of {@code /api/stations} for views from the world to a street.
 */
class DashboardWorldScaleIT {
  private static final int SYSTEMS = 1500;
  private static final long MAX_LONG_TASK_MS = 200;
  private static final int CHANGES_PER_SECOND = 2000;
  private static final Duration LOAD = Duration.ofSeconds(60);
  private static final Duration SETTLE = Duration.ofSeconds(20);
  private static final Path ARTIFACTS = Path.of("target", "dashboard-world");

  /** Views to measure and to visit: name, then {@code lat, lon, zoom} for the browser. */
  private static final Map<String, double[]> VIEWS = new LinkedHashMap<>();

  static {
    VIEWS.put("world (zoom 2)", new double[] {20, 0, 2});
    VIEWS.put("Europe (zoom 4)", new double[] {50, 10, 4});
    VIEWS.put("France (zoom 6)", new double[] {47, 2.5, 6});
    VIEWS.put("Paris region (zoom 9)", new double[] {48.86, 2.35, 9});
    VIEWS.put("Paris (zoom 11)", new double[] {48.86, 2.35, 11});
    VIEWS.put("city (zoom 13)", new double[] {48.86, 2.35, 13});
    VIEWS.put("streets (zoom 15)", new double[] {48.86, 2.35, 15});
    VIEWS.put("New York (zoom 12)", new double[] {40.71, -74.0, 12});
    VIEWS.put("Tokyo (zoom 10)", new double[] {35.68, 139.69, 10});
  }

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private HeadlessChromium chromium;

  @Test
  void aWorldOfStationsKeepsThePageResponsive() throws Exception {
    java.util.Optional<String> missing = HeadlessChromium.missing();
    missing.ifPresent(reason -> System.out.println("DashboardWorldScaleIT: " + reason));
    assumeTrue(missing.isEmpty(), missing.orElse(""));

    Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
    WorldStations world = new WorldStations(42, SYSTEMS, t0);
    List<StationRecord> records = world.all();
    report("%,d stations in %,d systems", records.size(), world.systems());
    assertThat(records.size()).isBetween(250_000, 360_000);

    double indexBytes = indexBytesPerStation(records);
    long heapBefore = usedHeapAfterGc();
    DashboardState state = new DashboardState(Clock.systemUTC());
    long applying = System.nanoTime();
    records.forEach(state::apply);
    long applyMs = (System.nanoTime() - applying) / 1_000_000;
    double stateBytes = (usedHeapAfterGc() - heapBefore) / (double) records.size();
    report(
        "applied in %,d ms (%.1f µs per station); index %.0f bytes per station; whole"
            + " dashboard state %.0f bytes per station (the records included)",
        applyMs, applyMs * 1000.0 / records.size(), indexBytes, stateBytes);

    ScheduledExecutorService changes = Executors.newSingleThreadScheduledExecutor();
    try (DashboardServer server = new DashboardServer(
            state,
            new PrometheusMeterRegistry(PrometheusConfig.DEFAULT),
            new ServerSettings("127.0.0.1", 0, ""))
        .start()) {
      URI base = URI.create("http://127.0.0.1:" + server.port() + "/");
      measurePayloads(base);

      AtomicLong changed = new AtomicLong();
      changes.scheduleAtFixedRate(
          () -> {
            Instant now = Instant.now();
            for (int i = 0; i < CHANGES_PER_SECOND / 10; i++) {
              state.apply(world.changeOne(now.plusMillis(i))).ifPresent(server::onChange);
              changed.incrementAndGet();
            }
          },
          0,
          100,
          TimeUnit.MILLISECONDS);

      chromium = HeadlessChromium.start(dir.resolve("chromium-profile"));
      // The machine is shared: how busy it was says how much of a long task was waiting for a core.
      report("load average before the browser: %s", loadAverage());
      try {
        recordLongTasks();
        long loading = System.nanoTime();
        chromium.driver().get(base.toString());
        awaitText("[data-testid=station-count]", Integer.toString(records.size()), LOAD);
        settle();
        report(
            "page loaded, world fitted and clustered in %,d ms: %s",
            (System.nanoTime() - loading) / 1_000_000, view());
        timeline("loaded");
        assertThat(view()).containsEntry("mode", "clusters");

        for (Map.Entry<String, double[]> step : VIEWS.entrySet()) {
          double[] at = step.getValue();
          chromium.script(
              "window.citypulse.show(arguments[0], arguments[1], arguments[2]);",
              at[0],
              at[1],
              (long) at[2]);
          settle();
          timeline("view " + step.getKey() + ": " + view());
        }
        assertThat(view()).containsEntry("mode", "clusters");

        chromium.script("window.citypulse.show(48.86, 2.35, 15);");
        settle();
        assertThat(view()).containsEntry("mode", "stations");

        dragAndWheel();
        chooseASystem(state);
        List<Double> longTasks = longTasks();
        timeline("end");
        report("load average after the browser: %s", loadAverage());
        report(
            "long tasks at page time (ms): %s",
            chromium.<List<String>>script("return window.__longTasks;"));
        report(
            "page callbacks over 40 ms (page time, kind, function, duration):%n  %s",
            String.join("\n  ", chromium.<List<String>>script("return window.__slowCallbacks;")));
        report(
            "long frames (over 120 ms) and their scripts:%n  %s",
            String.join("\n  ", chromium.<List<String>>script("return window.__longFrames;")));
        report("%,d station changes applied while the page was open", changed.get());
        report(
            "long tasks: %d, longest %.0f ms, all (ms): %s",
            longTasks.size(),
            longTasks.stream().mapToDouble(Double::doubleValue).max().orElse(0),
            longTasks);
        assertThat(longTasks)
            .as("long tasks (ms) of the page, at most %d ms each", MAX_LONG_TASK_MS)
            .allMatch(ms -> ms <= MAX_LONG_TASK_MS);
        assertThat(chromium.console()).doesNotContain("Content Security Policy");
        screenshots(biggestSystem(state));
      } finally {
        System.out.print("DashboardWorldScaleIT: browser console:\n" + chromium.console());
        chromium.close();
      }
    } finally {
      changes.shutdownNow();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** Each view's answer: bytes as sent (gzip when asked, plain) and the median of 9 requests. */
  private void measurePayloads(URI base) throws Exception {
    for (Map.Entry<String, double[]> view : VIEWS.entrySet()) {
      String query = query(view.getValue());
      long[] millis = new long[9];
      int plain = 0;
      String mode = "";
      for (int i = 0; i < millis.length; i++) {
        long start = System.nanoTime();
        HttpResponse<String> answer = http.send(
            HttpRequest.newBuilder(base.resolve("api/stations?" + query)).build(),
            HttpResponse.BodyHandlers.ofString());
        millis[i] = (System.nanoTime() - start) / 1_000_000;
        assertThat(answer.statusCode()).as(query).isEqualTo(200);
        plain = answer.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        com.fasterxml.jackson.databind.JsonNode body =
            io.citypulse.model.Json.MAPPER.readTree(answer.body());
        mode = String.format(
            Locale.ROOT,
            "%s: %,d stations in view, %,d stations and %,d clusters sent",
            body.path("mode").asText(),
            body.path("stations_in_view").asInt(),
            body.path("stations").size(),
            body.path("clusters").size());
      }
      HttpResponse<byte[]> gzip = http.send(
          HttpRequest.newBuilder(base.resolve("api/stations?" + query))
              .header("Accept-Encoding", "gzip")
              .build(),
          HttpResponse.BodyHandlers.ofByteArray());
      Arrays.sort(millis);
      report(
          "GET /api/stations %s (%s): %,d bytes, %,d bytes as sent with Accept-Encoding gzip"
              + " (%s), median %d ms, max %d ms; %s",
          view.getKey(),
          query,
          plain,
          gzip.body().length,
          gzip.headers().firstValue("Content-Encoding").orElse("not compressed"),
          millis[millis.length / 2],
          millis[millis.length - 1],
          mode);
    }
  }

  /** The query the page would send for a 1400 x 1000 px map (the test's window) at that view. */
  private static String query(double[] at) {
    double zoom = at[2];
    double worldPx = 256 * Math.pow(2, zoom);
    double halfWidthDeg = 700 / worldPx * 360;
    double centreY = io.citypulse.dashboard.view.WebMercator.y(at[0]);
    double halfHeight = 500 / worldPx;
    double north = io.citypulse.dashboard.view.WebMercator.lat(Math.max(0, centreY - halfHeight));
    double south = io.citypulse.dashboard.view.WebMercator.lat(Math.min(1, centreY + halfHeight));
    double west = Math.max(-180, at[1] - halfWidthDeg);
    double east = Math.min(180, at[1] + halfWidthDeg);
    return String.format(
        Locale.ROOT, "bbox=%.5f,%.5f,%.5f,%.5f&zoom=%d", west, south, east, north, (int) zoom);
  }

  private void dragAndWheel() {
    WebElement map = chromium.driver().findElement(By.id("map"));
    chromium.script("window.citypulse.show(48.86, 2.35, 10);");
    settle();
    Actions actions = new Actions(chromium.driver());
    for (int i = 0; i < 4; i++) {
      actions
          .clickAndHold(map)
          .moveByOffset(150, 40)
          .moveByOffset(150, 40)
          .release()
          .perform();
      settle();
    }
    timeline("after 4 drags: " + view());
    for (int i = 0; i < 3; i++) {
      actions.scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(map), 0, 400).perform();
      settle();
    }
    timeline("after 3 wheel zooms out: " + view());
    for (int i = 0; i < 3; i++) {
      actions
          .scrollFromOrigin(WheelInput.ScrollOrigin.fromElement(map), 0, -400)
          .perform();
      settle();
    }
    timeline("after 3 wheel zooms in: " + view());
  }

  /** The selector: one system's stations and totals, then all again. */
  private void chooseASystem(DashboardState state) {
    io.citypulse.dashboard.view.SystemTotals biggest = state.systems().systems().stream()
        .max(java.util.Comparator.comparingInt(io.citypulse.dashboard.view.SystemTotals::stations))
        .orElseThrow();
    Long listed =
        chromium.script("return document.querySelectorAll('#system-list option').length;");
    assertThat(listed).isEqualTo(SYSTEMS);
    WebElement box = chromium.driver().findElement(By.id("system-select"));
    box.sendKeys(biggest.system() + Keys.ENTER);
    awaitText("[data-testid=station-count]", Integer.toString(biggest.stations()), SETTLE);
    settle();
    timeline(
        "system " + biggest.system() + " alone (" + biggest.stations() + " stations): " + view());
    assertThat(view()).containsEntry("system", biggest.system());
    box.clear();
    box.sendKeys(Keys.ENTER);
    settle();
    timeline("all systems again: " + view());
  }

  /** After the measurement: a full-page capture is itself a long task of the page. */
  private void screenshots(String system) {
    chromium.script("window.citypulse.show(20, 0, 2);");
    settle();
    screenshot("world.png");
    chromium.script("window.citypulse.show(48.86, 2.35, 11);");
    settle();
    screenshot("paris.png");
    chromium.script("window.citypulse.selectSystem(arguments[0]);", system);
    settle();
    screenshot("one-system.png");
  }

  private static String biggestSystem(DashboardState state) {
    return state.systems().systems().stream()
        .max(java.util.Comparator.comparingInt(io.citypulse.dashboard.view.SystemTotals::stations))
        .orElseThrow()
        .system();
  }

  private void recordLongTasks() {
    chromium
        .driver()
        .executeCdpCommand(
            "Page.addScriptToEvaluateOnNewDocument",
            Map.of(
                "source",
                "window.__longTasks = [];"
                    + " new PerformanceObserver((list) => list.getEntries().forEach((e) =>"
                    + " window.__longTasks.push(Math.round(e.startTime) + ':' + e.duration)))"
                    + ".observe({ type: 'longtask', buffered: true });"
                    // Which scripts the long frames ran, to say what a long task was.
                    + " window.__longFrames = [];"
                    + " try { new PerformanceObserver((list) => list.getEntries().forEach((e) => {"
                    + " if (e.duration > 120) window.__longFrames.push(Math.round(e.startTime)"
                    + " + ' ms: ' + Math.round(e.duration) + ' ms, ' + e.scripts.map((s) =>"
                    + " s.invoker + ' ' + s.sourceFunctionName + ' '"
                    + " + s.sourceURL.split('/').pop() + ':' + s.sourceCharPosition + ' '"
                    + " + Math.round(s.duration) + ' ms').join('; ')); }))"
                    + ".observe({ type: 'long-animation-frame', buffered: true }); } catch (e) {}"
                    // And the page's own callbacks over 40 ms (timers, frames, stream events),
                    // by function name.
                    + " window.__slowCallbacks = [];"
                    + " const timed = (kind, fn) => function (...args) {"
                    + " const t = performance.now(); try { return fn.apply(this, args); } finally {"
                    + " const d = performance.now() - t; if (d > 40) window.__slowCallbacks.push("
                    + " Math.round(t) + ' ' + kind + ' ' + (fn.name || 'anonymous') + ' '"
                    + " + Math.round(d) + ' ms'); } };"
                    + " const timeout = window.setTimeout; window.setTimeout = (fn, ms, ...a) =>"
                    + " timeout(typeof fn === 'function' ? timed('timeout', fn) : fn, ms, ...a);"
                    + " const frame = window.requestAnimationFrame; window.requestAnimationFrame ="
                    + " (fn) => frame(timed('frame', fn));"
                    + " const listen = EventSource.prototype.addEventListener;"
                    + " EventSource.prototype.addEventListener = function (type, fn, o) {"
                    + " return listen.call(this, type, timed('event ' + type, fn), o); };"));
  }

  private List<Double> longTasks() {
    List<String> raw = chromium.script("return window.__longTasks;");
    List<Double> ms = new ArrayList<>();
    raw.forEach(v -> ms.add(Math.rint(Double.parseDouble(v.substring(v.indexOf(':') + 1)))));
    return ms;
  }

  /** Until the page asked for the view of its last move and drew the answer. */
  private void settle() {
    sleep(400);
    new WebDriverWait(chromium.driver(), SETTLE, Duration.ofMillis(100))
        .withMessage(() -> "the view settled: " + view())
        .until(driver -> !Boolean.TRUE.equals(view().get("busy")));
    sleep(300);
  }

  private Map<String, Object> view() {
    return chromium.script("return window.citypulse.view();");
  }

  private void awaitText(String css, String expected, Duration timeout) {
    new WebDriverWait(chromium.driver(), timeout, Duration.ofMillis(200))
        .withMessage(() -> css + " to read " + expected)
        .until(driver -> expected.equals(driver.findElement(By.cssSelector(css)).getText()));
  }

  private void screenshot(String name) {
    try {
      chromium.screenshot(ARTIFACTS.resolve(name));
    } catch (Exception e) {
      System.out.println("DashboardWorldScaleIT: no screenshot " + name + " (" + e + ")");
    }
  }

  private static double indexBytesPerStation(List<StationRecord> records) {
    // The keys exist before: in the dashboard, the index shares the state's key strings.
    List<String> keys = records.stream().map(StationRecord::key).toList();
    long before = usedHeapAfterGc();
    StationIndex index = new StationIndex();
    for (int i = 0; i < records.size(); i++) {
      index.put(keys.get(i), records.get(i));
    }
    long after = usedHeapAfterGc();
    Reference.reachabilityFence(index);
    return (after - before) / (double) records.size();
  }

  private static String loadAverage() {
    try {
      return java.nio.file.Files.readString(Path.of("/proc/loadavg")).strip() + " on "
          + Runtime.getRuntime().availableProcessors() + " cores";
    } catch (java.io.IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static long usedHeapAfterGc() {
    Runtime runtime = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
      sleep(100);
    }
    return runtime.totalMemory() - runtime.freeMemory();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void timeline(String what) {
    Number now = chromium.script("return performance.now();");
    report("page time %,d ms: %s", now.longValue(), what);
  }

  private static void report(String format, Object... args) {
    System.out.println("DashboardWorldScaleIT: " + String.format(Locale.ROOT, format, args));
  }
}
