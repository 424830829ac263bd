package io.citypulse.app.deploy;

import static io.citypulse.app.deploy.DeployFiles.COMPOSE;
import static io.citypulse.app.deploy.DeployFiles.ENV_EXAMPLE;
import static io.citypulse.app.deploy.DeployFiles.PROMETHEUS;
import static io.citypulse.app.deploy.DeployFiles.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compose.yaml validated by Compose itself: {@code docker-compose config} (Debian's
 * docker-compose 1.29.2, which parses, validates and interpolates a file without a Docker daemon;
 * no container is started, Docker cannot run here). Skipped where docker-compose is missing.
 */
class ComposeFileIT {
  private static final String SKIP =
      "ComposeFileIT: docker-compose not found on the PATH: install it"
          + " (Debian: apt-get install docker-compose; .ci/run does) to validate compose.yaml";

  private static Path dockerCompose;

  @TempDir
  Path dir;

  @BeforeAll
  static void findDockerCompose() {
    Optional<Path> found = Arrays.stream(
            System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Path.of(entry, "docker-compose"))
        .filter(Files::isExecutable)
        .findFirst();
    if (found.isEmpty()) {
      System.out.println(SKIP);
    }
    assumeTrue(found.isPresent(), SKIP);
    dockerCompose = found.get();
  }

  @Test
  void theFileIsValidWithTheExampleEnvFile() throws Exception {
    // In place, as a user runs it (an --env-file replaces any .env a developer has there).
    Result result =
        compose(ROOT, "-f", "compose.yaml", "--env-file", ".env.example", "config", "-q");
    assertThat(result.exitCode()).as(result.toString()).isZero();
  }

  @Test
  void theDocumentedCopyOfTheExampleEnvFileIsEnough() throws Exception {
    // README: cp .env.example .env, then docker compose up. Compose reads .env beside the file.
    Path project = copyOfTheProject();
    Files.copy(ENV_EXAMPLE, project.resolve(".env"));
    Result result = compose(project, "config", "-q");
    assertThat(result.exitCode()).as(result.toString()).isZero();
  }

  @Test
  void withoutAnEnvFileComposeRefusesAndNamesTheMissingPassword() throws Exception {
    // The passwords have no default: without .env the file does not validate (nor start), and
    // the message says what to do. An exit code of 0 here would mean an empty password slipped
    // through.
    Path project = copyOfTheProject();
    Result result = compose(project, "-f", "compose.yaml", "config", "-q");
    assertThat(result.exitCode()).as(result.toString()).isNotZero();
    assertThat(result.output())
        .containsPattern("(POSTGRES|REDIS)_PASSWORD")
        .contains("cp .env.example .env");
  }

  @Test
  void composeResolvesTheFileAsComposeFileTestReadsIt() throws Exception {
    Result services =
        compose(ROOT, "-f", "compose.yaml", "--env-file", ".env.example", "config", "--services");
    assertThat(services.exitCode()).as(services.toString()).isZero();
    JsonNode ours = DeployFiles.yaml(COMPOSE);
    List<String> declared = new ArrayList<>();
    ours.path("services").fieldNames().forEachRemaining(declared::add);
    assertThat(services.stdout().lines().map(String::trim).filter(l -> !l.isEmpty()))
        .containsExactlyInAnyOrderElementsOf(declared);

    Result config = compose(ROOT, "-f", "compose.yaml", "--env-file", ".env.example", "config");
    assertThat(config.exitCode()).as(config.toString()).isZero();
    JsonNode resolved = DeployFiles.YAML.readTree(config.stdout());
    Map<String, String> example = DeployFiles.envFile(ENV_EXAMPLE);
    for (String name : declared) {
      // The environment ComposeFileTest checks (its own interpolation of .env.example) is the one
      // Compose gives the containers: same variables, same values.
      Map<String, String> composed = new TreeMap<>();
      resolved
          .path("services")
          .path(name)
          .path("environment")
          .fields()
          .forEachRemaining(e -> composed.put(e.getKey(), e.getValue().asText()));
      assertThat(composed)
          .as("environment of %s", name)
          .isEqualTo(
              new TreeMap<>(DeployFiles.environment(ours.path("services").path(name), example)));
      // Published ports, as Compose resolves them, are on loopback only.
      for (JsonNode port : resolved.path("services").path(name).path("ports")) {
        String text = port.isTextual() ? port.asText() : port.path("host_ip").asText();
        assertThat(text).as("%s publishes %s", name, port).startsWith("127.0.0.1");
      }
    }
  }

  /** compose.yaml and the files it refers to, in a directory of their own (no .env there). */
  private Path copyOfTheProject() throws Exception {
    Path project = Files.createDirectories(dir.resolve("project"));
    Files.copy(COMPOSE, project.resolve("compose.yaml"));
    Files.copy(ROOT.resolve("Dockerfile"), project.resolve("Dockerfile"));
    Path prometheus = project.resolve(ROOT.relativize(PROMETHEUS));
    Files.createDirectories(prometheus.getParent());
    Files.copy(PROMETHEUS, prometheus);
    return project;
  }

  private record Result(int exitCode, String stdout, String stderr) {
    String output() {
      return stdout + stderr;
    }

    @Override
    public String toString() {
      return "exit code " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  private Result compose(Path workDir, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(dockerCompose.toString());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
    // Only the env file may give the variables: not the shell that runs the tests.
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(name -> name.startsWith("COMPOSE_") || name.startsWith("DOCKER_"));
    DeployFiles.variables(DeployFiles.text(COMPOSE)).forEach(env::remove);
    Path out = Files.createTempFile(dir, "compose", ".out");
    Path err = Files.createTempFile(dir, "compose", ".err");
    Process process =
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError("docker-compose " + String.join(" ", args) + " ran over 120 s");
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
