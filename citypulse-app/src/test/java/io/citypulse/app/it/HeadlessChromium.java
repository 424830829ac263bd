package io.citypulse.app.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

/**
 * Debian's system Chromium driven by its own ChromeDriver (both from the {@code chromium} and
 * {@code chromium-driver} packages, same version): explicit paths, so Selenium Manager never runs
 * (it would download a browser and a driver from the internet).
 */
final class HeadlessChromium implements AutoCloseable {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");

  /** CSS pixels; a page taller than this is cut (a 1,500-station table would make a huge PNG). */
  private static final double MAX_SCREENSHOT_HEIGHT = 6000;

  private final ChromeDriver driver;

  private HeadlessChromium(ChromeDriver driver) {
    this.driver = driver;
  }

  /** Why the browser test cannot run here, or empty when Chromium and its driver are installed. */
  static Optional<String> missing() {
    for (Path required : List.of(BROWSER, DRIVER)) {
      if (!Files.isExecutable(required)) {
        return Optional.of(
            (required.equals(BROWSER) ? "Chromium" : "ChromeDriver") + " not found at "
                + required + ": install it with `apt-get install -y chromium chromium-driver`"
                + " (the browser test is skipped)");
      }
    }
    return Optional.empty();
  }

  /** Starts a headless browser with a fresh profile in {@code profileDir}. */
  static HeadlessChromium start(Path profileDir) {
    ChromeDriverService service = new ChromeDriverService.Builder()
        .usingDriverExecutable(DRIVER.toFile())
        .usingAnyFreePort()
        .build();
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    // --no-sandbox: CI containers run as root, where Chromium's sandbox refuses to start.
    // --disable-dev-shm-usage: /dev/shm is 64 MB in containers; Chromium crashes when it fills.
    // The --disable-* network flags keep the browser from calling Google services: no internet
    // here.
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1400,1000",
        "--disable-gpu",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--user-data-dir=" + profileDir.toAbsolutePath());
    LoggingPreferences logs = new LoggingPreferences();
    logs.enable(LogType.BROWSER, Level.ALL);
    options.setCapability("goog:loggingPrefs", logs);
    return new HeadlessChromium(new ChromeDriver(service, options));
  }

  ChromeDriver driver() {
    return driver;
  }

  /** Runs {@code script} in the page and returns its value ({@code arguments[i]} are the args). */
  @SuppressWarnings("unchecked")
  <T> T script(String script, Object... args) {
    return (T) driver.executeScript(script, args);
  }

  /**
   * Saves a PNG of the whole page, below the fold included. Through ChromeDriver's CDP endpoint
   * (no devtools jar needed): growing the window instead would also grow the map, whose height
   * is a share of the viewport.
   */
  void screenshot(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
    @SuppressWarnings("unchecked")
    Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
    Map<String, Object> clip = Map.of(
        "x",
        0,
        "y",
        0,
        "width",
        size.get("width"),
        "height",
        Math.min(((Number) size.get("height")).doubleValue(), MAX_SCREENSHOT_HEIGHT),
        "scale",
        1);
    Map<String, Object> shot = driver.executeCdpCommand(
        "Page.captureScreenshot",
        Map.of("format", "png", "captureBeyondViewport", true, "clip", clip));
    Files.write(file, Base64.getDecoder().decode((String) shot.get("data")));
  }

  /** Saves the current DOM (as serialised by the browser, after the scripts ran). */
  void pageSource(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, driver.getPageSource());
  }

  /** The console messages since the last call, one per line, with their level. */
  String console() {
    try {
      StringBuilder lines = new StringBuilder();
      for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
        lines.append(entry.getLevel()).append(' ').append(entry.getMessage()).append('\n');
      }
      return lines.toString();
    } catch (WebDriverException e) {
      return "(console not available: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() {
    driver.quit();
  }
}
