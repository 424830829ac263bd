package io.citypulse.app.deploy;

import static io.citypulse.app.deploy.DeployFiles.PROMETHEUS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.citypulse.app.cli.CitypulseCommand;
import io.citypulse.testkit.Ports;
import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus, run with the shipped deploy/prometheus/prometheus.yml (only the target
 * rewritten from the compose service to a local pipeline), scrapes a real pipeline's /metrics: the
 * job, path and interval of that file work against what the dashboard serves, and citypulse's
 * series arrive under that job. The pipeline is the cheapest one that serves /metrics: the
 * weather generator (no network) publishing to an embedded broker, with the dashboard on a free
 * port and no Spark ({@code pipeline.part = ingest}). Skipped where prometheus is missing.
 */
class PrometheusScrapeIT {
  private static final String SKIP = "PrometheusScrapeIT: prometheus not found on the PATH: install"
      + " it (Debian: apt-get install prometheus; .ci/run does) to scrape a pipeline with the"
      + " shipped deploy/prometheus/prometheus.yml";
  private static final String DASHBOARD_LINE = "citypulse: dashboard at ";
  private static final String JOB = "citypulse";
  /** The shipped scrape interval is 10 s: two scrapes and the pipeline's start fit in this. */
  private static final Duration SERIES_WITHIN = Duration.ofSeconds(90);

  @TempDir
  Path dir;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void prometheusWithTheShippedConfigScrapesThePipelinesSeries() throws Exception {
    Optional<Path> prometheus = onPath("prometheus");
    if (prometheus.isEmpty()) {
      System.out.println(SKIP);
    }
    assumeTrue(prometheus.isPresent(), SKIP);
    Instant started = Instant.now();
    try (InProcessRun pipeline = InProcessRun.start(
        "run",
        "--no-bikes",
        "--weather-sources",
        "generator",
        "--weather-locations",
        "senegal",
        "--weather-interval",
        "2s",
        "--kafka-port",
        "0",
        "--state-dir",
        dir.resolve("state").toString(),
        "--dashboard-port",
        "0",
        "--set",
        "pipeline.part=ingest",
        "--set",
        "status.interval=2s")) {
      URI dashboard = URI.create(pipeline
          .awaitLine(DASHBOARD_LINE, Duration.ofSeconds(120))
          .substring(DASHBOARD_LINE.length())
          .trim());
      String target = "127.0.0.1:" + dashboard.getPort();
      System.out.printf(
          "PrometheusScrapeIT: pipeline serving %s after %d ms%n", dashboard, since(started));

      Path config = rewrittenConfig(target);
      int port = Ports.freePort();
      Path log = dir.resolve("prometheus.log");
      Process server = new ProcessBuilder(
              prometheus.get().toString(),
              "--config.file=" + config,
              "--storage.tsdb.path=" + dir.resolve("tsdb"),
              "--web.listen-address=127.0.0.1:" + port)
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      try {
        URI api = URI.create("http://127.0.0.1:" + port + "/");
        awaitReady(api, server, log);
        // Prometheus scrapes the target under the shipped job, with the shipped labels.
        JsonNode up = awaitSeries(api, "up{job=\"" + JOB + "\",stack=\"compose\"}", server, log);
        assertThat(up.path("metric").path("instance").asText()).isEqualTo(target);
        assertThat(value(up)).as("up: the last scrape succeeded").isEqualTo(1.0);
        // citypulse's own series came through that scrape (names as README's metrics table).
        for (String series : List.of(
            "citypulse_polls_total{job=\"" + JOB + "\",feed=\"weather\",outcome=\"ok\"}",
            "citypulse_records_published_total{job=\"" + JOB + "\",feed=\"weather\"}")) {
          JsonNode sample = awaitSeries(api, series + " > 0", server, log);
          assertThat(sample.path("metric").path("instance").asText()).isEqualTo(target);
        }
        JsonNode deadLetters = awaitSeries(
            api, "citypulse_dead_letter_topic_records{job=\"" + JOB + "\"}", server, log);
        assertThat(value(deadLetters)).as("a generator sends nothing bad").isZero();
        System.out.printf(
            "PrometheusScrapeIT: series in Prometheus %d ms after the start%n", since(started));
      } finally {
        stop(server, log);
      }
    }
    System.out.printf(
        "PrometheusScrapeIT: done in %d ms (pipeline and Prometheus stopped)%n", since(started));
  }

  /**
   * The shipped file with the targets of the citypulse job replaced: job name, metrics path,
   * scheme, intervals and labels stay as shipped (checked: the two files differ in the targets
   * only). The shipped scrape interval (10 s) is short enough: not overridden.
   */
  private Path rewrittenConfig(String target) throws Exception {
    JsonNode shipped = DeployFiles.yaml(PROMETHEUS);
    ObjectNode rewritten = (ObjectNode) shipped.deepCopy();
    int replaced = 0;
    for (JsonNode job : rewritten.path("scrape_configs")) {
      if (job.path("job_name").asText().equals(JOB)) {
        for (JsonNode staticConfig : job.path("static_configs")) {
          ((ObjectNode) staticConfig).putArray("targets").add(target);
          replaced++;
        }
      }
    }
    assertThat(replaced).as("static_configs of job %s in %s", JOB, PROMETHEUS).isEqualTo(1);
    assertThat(withoutTargets(rewritten)).isEqualTo(withoutTargets(shipped));
    assertThat(shipped.path("scrape_configs").path(0).path("scrape_interval").asText())
        .isEqualTo("10s");
    Path config = dir.resolve("prometheus.yml");
    DeployFiles.YAML.writeValue(config.toFile(), rewritten);
    return config;
  }

  private static JsonNode withoutTargets(JsonNode config) {
    ObjectNode copy = (ObjectNode) config.deepCopy();
    for (JsonNode job : copy.path("scrape_configs")) {
      for (JsonNode staticConfig : job.path("static_configs")) {
        ((ObjectNode) staticConfig).remove("targets");
      }
    }
    return copy;
  }

  private void awaitReady(URI api, Process server, Path log) {
    await("Prometheus ready")
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(200))
        .pollInSameThread()
        .ignoreExceptions()
        .until(() -> {
          requireAlive(server, log);
          return http.send(
                      HttpRequest.newBuilder(api.resolve("-/ready")).build(),
                      HttpResponse.BodyHandlers.discarding())
                  .statusCode()
              == 200;
        });
  }

  /** The first sample of an instant query, once it has one. */
  private JsonNode awaitSeries(URI api, String query, Process server, Path log) {
    return await(query)
        .atMost(SERIES_WITHIN)
        .pollInterval(Duration.ofSeconds(1))
        .pollInSameThread()
        .until(
            () -> {
              requireAlive(server, log);
              return query(api, query);
            },
            result -> result.isArray() && !result.isEmpty())
        .get(0);
  }

  private JsonNode query(URI api, String query) throws Exception {
    URI uri = api.resolve("api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
    HttpResponse<String> response = http.send(
        HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofString());
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.path("status").asText()).as(response.body()).isEqualTo("success");
    return body.path("data").path("result");
  }

  private static double value(JsonNode sample) {
    return Double.parseDouble(sample.path("value").path(1).asText());
  }

  private static void requireAlive(Process server, Path log) throws Exception {
    if (!server.isAlive()) {
      throw new AssertionError(
          "prometheus exited with " + server.exitValue() + ":\n" + Files.readString(log));
    }
  }

  private static void stop(Process server, Path log) throws Exception {
    server.destroy();
    if (!server.waitFor(30, TimeUnit.SECONDS)) {
      server.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
    assertThat(server.isAlive())
        .as("prometheus stopped; log:\n%s", Files.readString(log))
        .isFalse();
  }

  private static Optional<Path> onPath(String program) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Path.of(entry, program))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static long since(Instant started) {
    return Duration.between(started, Instant.now()).toMillis();
  }

  /**
   * {@code citypulse <args>} in this JVM on a thread of its own, as {@code CitypulseCommand.main}
   * runs it, its output echoed and kept. {@code run} blocks until interrupted (Ctrl-C's hook
   * cannot be triggered by a test); an interrupt ends the wait and the command stops the
   * pipeline, which must say so.
   */
  private static final class InProcessRun implements AutoCloseable {
    private final StringBuffer output = new StringBuffer();
    private final Thread thread;
    private volatile boolean quiet;

    private InProcessRun(String[] args) {
      PrintWriter writer = new PrintWriter(
          new StringWriter() {
            @Override
            public void write(String s, int offset, int length) {
              write(s.substring(offset, offset + length));
            }

            @Override
            public void write(char[] chars, int offset, int length) {
              write(new String(chars, offset, length));
            }

            @Override
            public void write(String s) {
              output.append(s);
              if (!quiet) {
                System.out.print(s);
              }
            }
          },
          true);
      thread = new Thread(() -> CitypulseCommand.execute(args, writer, writer), "citypulse-run");
      thread.setDaemon(true);
    }

    static InProcessRun start(String... args) {
      InProcessRun run = new InProcessRun(args);
      run.thread.start();
      return run;
    }

    String awaitLine(String prefix, Duration timeout) {
      return await("a line starting with '" + prefix + "'")
          .atMost(timeout)
          .pollInterval(Duration.ofMillis(100))
          .pollInSameThread()
          .until(
              () -> {
                Optional<String> line =
                    output.toString().lines().filter(l -> l.startsWith(prefix)).findFirst();
                if (line.isEmpty() && !thread.isAlive()) {
                  throw new AssertionError("the command ended before '" + prefix + "':\n" + output);
                }
                return line;
              },
              Optional::isPresent)
          .orElseThrow();
    }

    @Override
    public void close() throws InterruptedException {
      int stopping = output.length();
      quiet = true;
      thread.interrupt();
      thread.join(Duration.ofSeconds(60).toMillis());
      assertThat(thread.isAlive()).as("the pipeline stopped within 60 s").isFalse();
      List<String> stopped = new ArrayList<>(output
          .substring(stopping)
          .lines()
          .filter(l -> l.startsWith("citypulse: stopped"))
          .toList());
      assertThat(stopped)
          .as("the pipeline said it stopped:%n%s", output.substring(stopping))
          .isNotEmpty();
      System.out.println(stopped.get(0));
    }
  }
}
