package io.citypulse.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.model.Json;
import io.citypulse.model.PostcodeAvailability;
import io.citypulse.model.StationForecastRecord;
import io.citypulse.model.StationKey;
import io.citypulse.model.StationRecord;
import io.citypulse.model.Topics;
import io.citypulse.testkit.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The live dashboard of {@code citypulse demo} in a real browser (Debian's headless Chromium): the
 * page's station count, postcode rows and weather cards match the server's API; records produced
 * to the topics show up in place within seconds; a station name carrying HTML is shown as text and
 * never parsed. Leaves a screenshot in {@code target/dashboard-browser/}.
 */
class DashboardBrowserIT {
  @RegisterExtension
  static final EmbeddedKafka KAFKA = new EmbeddedKafka();

  private static final int STATIONS = 120;
  private static final String DASHBOARD_LINE = "citypulse: dashboard at ";
  /** Spark's start and the weather job's first batch: measured 13 s idle, 37 s on a loaded 2-core machine. */
  private static final Duration FIRST_DATA = Duration.ofSeconds(90);
  /** A produced record is on the page in about a second (feed poll + 250 ms SSE coalescing). */
  private static final Duration CHANGE = Duration.ofSeconds(10);

  private static final Duration POLL = Duration.ofMillis(200);
  private static final Path ARTIFACTS = Path.of("target", "dashboard-browser");
  private static final String HOSTILE_NAME =
      "<img src=x onerror=\"window.__xss=1\">Gare <b>du</b> Nord";
  private static final String POPUP_TITLE = ".leaflet-popup-content .popup-title";

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newHttpClient();
  private URI dashboard;
  private HeadlessChromium chromium;
  private final StringBuilder consoleSeen = new StringBuilder();

  @Test
  void showsTheLiveStateAndRendersFeedTextAsText() throws Exception {
    Optional<String> missing = HeadlessChromium.missing();
    missing.ifPresent(reason -> System.out.println("DashboardBrowserIT: " + reason));
    assumeTrue(missing.isEmpty(), missing.orElse(""));
    Instant started = Instant.now();
    // Tiles would be fetched from OpenStreetMap: "" draws the stations on a plain background.
    try (InProcessCommand demo = InProcessCommand.start(
        "demo",
        "--bootstrap-servers",
        KAFKA.bootstrapServers(),
        "--state-dir",
        dir.resolve("state").toString(),
        "--dashboard-port",
        "0",
        "--set",
        "demo.stations=" + STATIONS,
        "--set",
        "dashboard.tile-url=")) {
      dashboard = URI.create(demo.awaitLine(DASHBOARD_LINE, FIRST_DATA)
          .substring(DASHBOARD_LINE.length())
          .trim());
      chromium = HeadlessChromium.start(dir.resolve("chromium-profile"));
      try {
        recordPolicyViolations();
        chromium.driver().get(dashboard.toString());
        lap(started, "page loaded");
        stationCountMatchesTheApi();
        withOneSystemThePageHasNoSystemSelector();
        lap(started, "station count");
        everyPostcodeHasARow();
        lap(started, "postcode rows");
        aProducedPostcodeChangeUpdatesItsRow();
        aProducedNewPostcodeAddsARow();
        aPostcodeWithoutBreakdownShowsUnknownNotZero();
        lap(started, "produced postcodes");
        aStationPopupShowsTheStationsName();
        aStationNameWithHtmlIsShownAsText();
        lap(started, "popups");
        aProducedForecastShowsInThePopupAndCanColourTheMap();
        lap(started, "forecast");
        aProducedAlertShowsInTheAlertsPanel();
        lap(started, "alerts panel");
        // Last: the demo starts its weather job once the bike job's first batch is done.
        weatherCardsAppear();
        lap(started, "weather cards");
        theHealthPanelShowsThePipelinesFeedsAndJobs();
        everyResourceCameFromTheDashboard();
        thePageRunsUnderItsContentSecurityPolicyWithoutViolations();
      } catch (Throwable failure) {
        saveFailureArtifacts();
        throw failure;
      } finally {
        saveScreenshot();
        System.out.print("DashboardBrowserIT: browser console:\n" + console());
        chromium.close();
      }
    }
  }

  // -- the checks, in run order
  // ----------------------------------------------------------------------

  private void stationCountMatchesTheApi() {
    AtomicReference<String> seen = new AtomicReference<>();
    await(FIRST_DATA, () -> "station count: " + seen, driver -> {
      String shown = text(By.cssSelector("[data-testid=station-count]"));
      int api = api("/api/stations").size();
      seen.set("page " + shown + ", /api/stations " + api);
      return api == STATIONS && shown.equals(Integer.toString(api));
    });
    assertThat(text(By.cssSelector("[data-testid=station-count]")))
        .isEqualTo(Integer.toString(STATIONS));
    assertThat(text(By.cssSelector("[data-testid=live-status]"))).startsWith("live");
  }

  /** The map shows its view's stations one by one; selector and systems table are for a world. */
  private void withOneSystemThePageHasNoSystemSelector() {
    await(
        CHANGE,
        () ->
            "the view's stations on the map: " + chromium.script("return window.citypulse.view();"),
        driver -> Long.valueOf(STATIONS)
            .equals(
                ((Map<?, ?>) chromium.script("return window.citypulse.view();")).get("stations")));
    Map<String, Object> view = chromium.script("return window.citypulse.view();");
    assertThat(view).containsEntry("mode", "stations").containsEntry("clusters", 0L);
    assertThat(chromium.driver().findElement(By.id("system-picker")).isDisplayed())
        .isFalse();
    assertThat(chromium.driver().findElement(By.id("systems-panel")).isDisplayed())
        .isFalse();
    assertThat(chromium.driver().findElement(By.id("view-note")).isDisplayed()).isFalse();
  }

  private void everyPostcodeHasARow() {
    AtomicReference<String> seen = new AtomicReference<>();
    await(FIRST_DATA, () -> "postcode rows: " + seen, driver -> {
      Set<String> api = keys(api("/api/postcodes"), "postcode");
      List<String> rows = rowPostcodes();
      seen.set("page " + rows + ", /api/postcodes " + api);
      return !api.isEmpty() && rows.containsAll(api);
    });
    List<String> rows = rowPostcodes();
    assertThat(rows).as("one row per postcode").doesNotHaveDuplicates();
    assertThat(rows).allMatch(code -> code.matches("\\d{5}"), "a five-digit postcode");
  }

  private void weatherCardsAppear() {
    AtomicReference<String> seen = new AtomicReference<>();
    await(FIRST_DATA, () -> "weather cards: " + seen, driver -> {
      Set<String> api = keys(api("/api/weather"), "location");
      List<String> cards = chromium.script("return Array.from(document.querySelectorAll("
          + "'[data-testid=weather-card]')).map((card) => card.getAttribute('data-location'));");
      seen.set("page " + cards + ", /api/weather " + api);
      return !api.isEmpty() && cards.containsAll(api);
    });
    for (WebElement card :
        chromium.driver().findElements(By.cssSelector("[data-testid=weather-card]"))) {
      assertThat(card.findElement(By.cssSelector(".temp")).getText())
          .as("temperature of %s", card.getDomAttribute("data-location"))
          .matches("-?\\d+\\.\\d °C");
    }
  }

  private void aProducedPostcodeChangeUpdatesItsRow() {
    PostcodeAvailability held =
        Json.read(api("/api/postcodes").get(0).toString(), PostcodeAvailability.class);
    // An hour ahead: the demo's job republishes this postcode every few seconds, and the page keeps
    // the newest updated_at, so the job's next record cannot replace ours while the test looks.
    PostcodeAvailability changed = new PostcodeAvailability(
        held.postcode(),
        held.commune(),
        held.stations(),
        987,
        654L,
        333L,
        4321,
        held.capacity(),
        Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS),
        0L);
    KAFKA.produce(Topics.POSTCODE_AVAILABILITY, changed.postcode(), Json.writeString(changed));
    awaitRow(
        changed.postcode(),
        List.of(
            changed.postcode(),
            nullToEmpty(changed.commune()),
            Integer.toString(changed.stations()),
            "987",
            "654",
            "333",
            "4321"));
  }

  private void aProducedNewPostcodeAddsARow() {
    String postcode = "75999";
    assertThat(rowPostcodes()).doesNotContain(postcode);
    PostcodeAvailability added = new PostcodeAvailability(
        postcode,
        "Testville",
        3,
        41,
        29L,
        12L,
        7,
        48,
        Instant.now().truncatedTo(ChronoUnit.SECONDS),
        0L);
    KAFKA.produce(Topics.POSTCODE_AVAILABILITY, postcode, Json.writeString(added));
    awaitRow(postcode, List.of(postcode, "Testville", "3", "41", "29", "12", "7"));
  }

  /** A feed that only counts bikes (GBFS 1.x): the row says '–' with the reason, the bar is grey. */
  private void aPostcodeWithoutBreakdownShowsUnknownNotZero() {
    String postcode = "75998";
    PostcodeAvailability untyped = new PostcodeAvailability(
        postcode,
        "Testville",
        2,
        30,
        null,
        null,
        10,
        40,
        Instant.now().truncatedTo(ChronoUnit.SECONDS),
        30L);
    KAFKA.produce(Topics.POSTCODE_AVAILABILITY, postcode, Json.writeString(untyped));
    awaitRow(postcode, List.of(postcode, "Testville", "2", "30", "–", "–", "10"));

    WebElement row = chromium
        .driver()
        .findElement(
            By.cssSelector("[data-testid=postcode-row][data-postcode='" + postcode + "']"));
    List<WebElement> cells = row.findElements(By.tagName("td"));
    assertThat(cells.get(4).getDomAttribute("title"))
        .isEqualTo("the feed gives no breakdown by bike type");
    WebElement bar = row.findElement(By.cssSelector(".bar"));
    assertThat(bar.getDomAttribute("class")).contains("bar-unknown");
    assertThat(bar.getDomAttribute("title"))
        .startsWith("unknown mechanical / unknown e-bike / 30 without a breakdown");
    // The demo's feed gives a breakdown: the top bar's figures are counts, not n/a.
    assertThat(text(By.id("mechanical-count"))).matches("\\d+");
  }

  private void aStationPopupShowsTheStationsName() {
    JsonNode station = null;
    for (JsonNode candidate : api("/api/stations")) {
      if (candidate.path("name").isTextual() && candidate.path("lat").isNumber()) {
        station = candidate;
        break;
      }
    }
    assertThat(station).as("a named, placed station in /api/stations").isNotNull();
    String name = station.get("name").asText();
    Boolean opened = chromium.script(
        "return window.citypulse.openStation(arguments[0]);", station.get("key").asText());
    assertThat(opened).as("openStation(%s)", station.get("key")).isTrue();
    await(
        CHANGE,
        () -> "popup of " + name + ": " + popupTitle(),
        driver -> name.equals(popupTitle()));
  }

  private void aStationNameWithHtmlIsShownAsText() {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    StationRecord hostile = new StationRecord(
        "demo",
        "XSS-1",
        "XSS-1",
        HOSTILE_NAME,
        48.8809,
        2.3553,
        20,
        "75010",
        "Paris",
        3,
        2,
        1,
        17,
        true,
        true,
        true,
        now,
        now);
    String key = StationKey.of(hostile.system(), hostile.stationCode());
    KAFKA.produce(Topics.STATIONS, key, Json.writeString(hostile));
    await(
        CHANGE,
        () -> "station " + key + " on the map",
        driver -> Boolean.TRUE.equals(
            chromium.script("return window.citypulse.openStation(arguments[0]);", key)));
    await(
        CHANGE,
        () -> "popup of " + key + ": " + popupTitle(),
        driver -> HOSTILE_NAME.equals(popupTitle()));

    String textContent =
        chromium.script("return document.querySelector(arguments[0]).textContent;", POPUP_TITLE);
    assertThat(textContent).isEqualTo(HOSTILE_NAME);
    Long parsedElements = chromium.script("return document.querySelectorAll("
        + "'.leaflet-popup-content img, .leaflet-popup-content b').length;");
    assertThat(parsedElements).as("img or b elements in the popup").isZero();
    Long injectedImages =
        chromium.script("return document.querySelectorAll('img[src=\"x\"]').length;");
    assertThat(injectedImages).as("injected images anywhere in the page").isZero();
    Boolean untouched = chromium.script("return window.__xss === undefined;");
    assertThat(untouched).as("the onerror handler never ran").isTrue();
  }

  /**
   * A forecast produced for the station of the previous check: its popup shows it per horizon,
   * and the map control colours its marker by P(empty within 30 min), and back.
   */
  private void aProducedForecastShowsInThePopupAndCanColourTheMap() {
    StationForecastRecord forecast = new StationForecastRecord(
        "demo",
        "XSS-1",
        Instant.now().truncatedTo(ChronoUnit.SECONDS),
        Instant.now().truncatedTo(ChronoUnit.SECONDS),
        "it-model",
        20,
        3,
        17,
        List.of(
            new StationForecastRecord.Horizon(15, 2.6, 17.4, 0.031, 0.0),
            new StationForecastRecord.Horizon(30, 2.2, 17.8, 0.6, 0.0),
            new StationForecastRecord.Horizon(60, 1.4, 18.6, 0.72, 0.004)));
    String key = forecast.key();
    KAFKA.produce(Topics.FORECASTS, key, Json.writeString(forecast));
    await(
        CHANGE,
        () -> "forecast of " + key + " in /api/stations",
        driver -> api("/api/stations?key=" + key).path(0).has("forecast"));
    assertThat(chromium.<Boolean>script("return window.citypulse.openStation(arguments[0]);", key))
        .isTrue();
    By lines = By.cssSelector(".leaflet-popup-content [data-testid=popup-forecast]");
    await(
        CHANGE,
        () -> "forecast in the popup of " + key,
        driver -> !driver.findElements(lines).isEmpty());
    assertThat(text(lines))
        .matches("(?s)Forecast · model it-model · \\d+ s old\n.*")
        .contains(
            "in 15 min: ~3 bikes, ~17 docks, P(empty) 3 %, P(full) 0 %",
            "in 30 min: ~2 bikes, ~18 docks, P(empty) 60 %, P(full) 0 %",
            "in 60 min: ~1 bikes, ~19 docks, P(empty) 72 %, P(full) < 1 %");

    String colour = "return window.citypulse.stationColour(arguments[0]);";
    By legend = By.cssSelector("[data-testid=forecast-legend]");
    // 3 bikes of 20: under a quarter full, orange in the normal colouring.
    assertThat(chromium.<String>script(colour, key)).isEqualTo("#f0a202");
    assertThat(chromium.driver().findElement(legend).isDisplayed()).isFalse();
    // Clicked by script: the open popup may lie over the control in the small headless window.
    chromium.script("document.querySelector('[data-testid=forecast-colour]').click();");
    assertThat(chromium.<String>script(colour, key)).as("P(empty) 60 %").isEqualTo("#b2182b");
    assertThat(chromium.driver().findElement(legend).isDisplayed()).isTrue();
    assertThat(chromium.<String>script("return localStorage.getItem('citypulse.colour-by');"))
        .isEqualTo("p-empty-30");
    chromium.script("document.querySelector('[data-testid=forecast-colour]').click();");
    assertThat(chromium.<String>script(colour, key)).isEqualTo("#f0a202");
    assertThat(chromium.driver().findElement(legend).isDisplayed()).isFalse();
  }

  /** The panel lists this process's pollers and Spark jobs; the top bar says all is well. */
  /** An alert record on the alerts topic shows in the panel (open, then in the history). */
  private void aProducedAlertShowsInTheAlertsPanel() {
    java.time.Instant t0 = java.time.Instant.parse("2026-05-04T08:00:00Z");
    KAFKA.produce(
        io.citypulse.model.Topics.ALERTS,
        "weather:browser-town",
        io.citypulse.model.Json.writeString(new io.citypulse.alerts.Alert(
            "weather:browser-town",
            io.citypulse.alerts.AlertKind.WEATHER_HUMIDEX,
            "heat_index>=40",
            io.citypulse.alerts.AlertState.RAISED,
            t0,
            t0,
            io.citypulse.alerts.Severity.WARNING,
            "Browser Town: humidex 43.0 (at least 40)",
            Map.of("heat_index", 43.0))));
    By open = By.cssSelector("[data-testid=alerts-open] li.alert-raised");
    await(
        CHANGE,
        () -> "the produced alert in the alerts panel",
        driver -> driver.findElements(open).stream()
            .anyMatch(li -> li.getText().contains("Browser Town: humidex 43.0")));
    assertThat(text(By.cssSelector("[data-testid=alerts-count]"))).isNotEmpty();
  }

  private void theHealthPanelShowsThePipelinesFeedsAndJobs() {
    By gbfs = By.cssSelector("#feed-rows tr[data-feed='gbfs demo'] td.status");
    By job = By.cssSelector("#job-rows tr[data-job='postcode-availability'] td.status");
    await(
        CHANGE,
        () -> "feed and job rows in the health panel",
        driver ->
            !driver.findElements(gbfs).isEmpty() && !driver.findElements(job).isEmpty());
    assertThat(text(gbfs)).isEqualTo("ok");
    assertThat(text(job)).isEqualTo("running");
    assertThat(text(By.cssSelector("[data-testid=health-status]"))).isEqualTo("up");
    assertThat(text(By.cssSelector("[data-testid=top-health]"))).isEqualTo("2 feed(s) ok");
  }

  /** No CDN, no map tiles: the page works offline, and this test never reaches the internet. */
  private void everyResourceCameFromTheDashboard() {
    assertThat(api("/api/config").path("tile_url").asText()).isEmpty();
    List<String> loaded =
        chromium.script("return performance.getEntriesByType('resource').map((e) => e.name);");
    String origin = dashboard.getScheme() + "://" + dashboard.getRawAuthority() + "/";
    assertThat(loaded)
        .as("resources the page loaded")
        .isNotEmpty()
        .allMatch(url -> url.startsWith(origin), "served from " + origin);
  }

  /**
   * The server sends a strict CSP (no inline script or style, only the dashboard's origin): the
   * page works under it (the checks above) and the browser reported no violation, neither to the
   * page's listener nor on the console. Then an inline script is injected to show the policy is
   * enforced, not merely sent.
   */
  private void thePageRunsUnderItsContentSecurityPolicyWithoutViolations() throws Exception {
    HttpResponse<Void> head = http.send(
        HttpRequest.newBuilder(dashboard)
            .method("HEAD", HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.discarding());
    assertThat(head.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(policy -> assertThat(policy)
            .contains("script-src 'self'", "style-src 'self'", "frame-ancestors 'none'"));
    List<String> violations = chromium.script("return window.__cspViolations;");
    assertThat(violations).as("CSP violations reported to the page").isEmpty();
    assertThat(console())
        .as("browser console")
        .doesNotContain("Content Security Policy", "Content-Security-Policy");

    Boolean blocked = chromium.script("const s = document.createElement('script');"
        + " s.textContent = 'window.__inline = 1;'; document.head.appendChild(s);"
        + " return window.__inline === undefined;");
    assertThat(blocked).as("an injected inline script was blocked").isTrue();
    // The violation event is queued as a task: wait for it.
    await(
        CHANGE,
        () -> "the probe's violation event",
        driver -> !((List<?>) chromium.script("return window.__cspViolations;")).isEmpty());
    List<String> probe = chromium.script("return window.__cspViolations;");
    assertThat(probe)
        .as("the probe's violation")
        .hasSize(1)
        .allMatch(v -> v.startsWith("script-src"), "script-src");
  }

  // -- helpers
  // ---------------------------------------------------------------------------------------

  /**
   * Before the page loads, a listener (injected through DevTools, so the CSP does not apply to
   * it) collects every {@code securitypolicyviolation} the browser raises.
   */
  private void recordPolicyViolations() {
    chromium
        .driver()
        .executeCdpCommand(
            "Page.addScriptToEvaluateOnNewDocument",
            Map.of(
                "source",
                "window.__cspViolations = [];"
                    + " document.addEventListener('securitypolicyviolation', (e) =>"
                    + " window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI"
                    + " + ' at ' + e.sourceFile + ':' + e.lineNumber));"));
  }

  /** The browser console so far (each read drains Chromium's log: keep what was read). */
  private String console() {
    consoleSeen.append(chromium.console());
    return consoleSeen.toString();
  }

  private void awaitRow(String postcode, List<String> expectedCells) {
    By row = By.cssSelector("[data-testid=postcode-row][data-postcode='" + postcode + "']");
    AtomicReference<List<String>> seen = new AtomicReference<>();
    await(
        CHANGE,
        () -> "row " + postcode + " to show " + expectedCells + ", shows " + seen,
        driver -> {
          List<WebElement> rows = driver.findElements(row);
          if (rows.isEmpty()) {
            return false;
          }
          List<String> cells = new ArrayList<>();
          // The first seven cells are text (postcode, commune, the five totals); then bar and
          // sparkline.
          for (WebElement cell :
              rows.get(0).findElements(By.tagName("td")).subList(0, expectedCells.size())) {
            cells.add(cell.getText());
          }
          seen.set(cells);
          return cells.equals(expectedCells);
        });
    assertThat(chromium.driver().findElements(row)).as("rows of " + postcode).hasSize(1);
  }

  private List<String> rowPostcodes() {
    return chromium.script(
        "return Array.from(document.querySelectorAll('[data-testid=postcode-row]'))"
            + ".map((row) => row.getAttribute('data-postcode'));");
  }

  private String popupTitle() {
    List<WebElement> titles = chromium.driver().findElements(By.cssSelector(POPUP_TITLE));
    return titles.isEmpty() ? null : titles.get(0).getText();
  }

  /**
   * The panels re-render their rows every few seconds, so an element found a moment ago may be
   * gone by the time its text is read; a fresh lookup reads the row that replaced it.
   */
  private String text(By locator) {
    StaleElementReferenceException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      try {
        return chromium.driver().findElement(locator).getText();
      } catch (StaleElementReferenceException e) {
        last = e;
      }
    }
    throw last;
  }

  private void await(
      Duration timeout, Supplier<String> message, Function<WebDriver, Boolean> condition) {
    new WebDriverWait(chromium.driver(), timeout, POLL)
        .ignoring(StaleElementReferenceException.class)
        .withMessage(message)
        .until(condition);
  }

  private JsonNode api(String path) {
    try {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(dashboard.resolve(path))
              .timeout(Duration.ofSeconds(10))
              .build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("GET " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted during GET " + path, e);
    }
  }

  private static Set<String> keys(JsonNode array, String field) {
    Set<String> keys = new HashSet<>();
    array.forEach(item -> keys.add(item.path(field).asText()));
    return keys;
  }

  private static String nullToEmpty(String text) {
    return text == null ? "" : text;
  }

  private static void lap(Instant started, String what) {
    System.out.printf(
        "DashboardBrowserIT: %s after %d ms%n",
        what, Duration.between(started, Instant.now()).toMillis());
  }

  private void saveScreenshot() {
    Path png = ARTIFACTS.resolve("dashboard.png");
    try {
      chromium.screenshot(png);
      System.out.println("DashboardBrowserIT: screenshot " + png.toAbsolutePath());
    } catch (Exception e) {
      System.out.println("DashboardBrowserIT: no screenshot (" + e + ")");
    }
  }

  private void saveFailureArtifacts() {
    Path html = ARTIFACTS.resolve("dashboard-failure.html");
    try {
      chromium.pageSource(html);
      System.out.println("DashboardBrowserIT: page source " + html.toAbsolutePath());
    } catch (Exception e) {
      System.out.println("DashboardBrowserIT: no page source (" + e + ")");
    }
  }
}
