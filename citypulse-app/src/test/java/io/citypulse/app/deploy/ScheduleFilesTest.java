package io.citypulse.app.deploy;

import static io.citypulse.app.deploy.DeployFiles.ROOT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.citypulse.app.config.CitypulseConfig;
import io.citypulse.app.config.ConfigKey;
import io.citypulse.app.config.Settings;
import io.citypulse.sources.weather.WeatherSourceKind;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scheduling files of docs/schedule.md: the Airflow DAG (compiled and read by Python, whose
 * syntax tree gives its settings; Airflow is not installed), the cron wrapper (run against a fake
 * {@code java}: lock, time limit, exit codes, environment file), the systemd units
 * ({@code systemd-analyze}). Each check is skipped with a message where its tool is missing.
 */
class ScheduleFilesTest {
  private static final Path DAG = ROOT.resolve("docs/airflow/citypulse_poll.py");
  private static final Path SCHEDULE_DOC = ROOT.resolve("docs/schedule.md");
  private static final Path WRAPPER = ROOT.resolve("deploy/schedule/citypulse-poll.sh");
  private static final Path CRON = ROOT.resolve("deploy/schedule/citypulse-poll.cron");
  private static final Path SERVICE = ROOT.resolve("deploy/schedule/citypulse-poll.service");
  private static final Path TIMER = ROOT.resolve("deploy/schedule/citypulse-poll.timer");

  /**
   * Prints the DAG's settings as JSON from its syntax tree: the keyword arguments of DAG(...) and
   * of the operator, with literals evaluated and anything else (timedelta(...), templates) as its
   * source text.
   */
  private static final String READ_DAG = String.join(
      "\n",
      "import ast, json, py_compile, sys",
      "py_compile.compile(sys.argv[1], cfile=sys.argv[2], doraise=True)",
      "tree = ast.parse(open(sys.argv[1], encoding='utf-8').read())",
      "names = {}",
      "for node in tree.body:",
      "    if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):",
      "        names[node.targets[0].id] = node.value",
      "def value(node):",
      "    if isinstance(node, ast.Name) and node.id in names:",
      "        return value(names[node.id])",
      "    if isinstance(node, ast.Dict):",
      "        return {value(k): value(v) for k, v in zip(node.keys, node.values)}",
      "    try:",
      "        return ast.literal_eval(node)",
      "    except ValueError:",
      "        return ast.unparse(node)",
      "calls = {}",
      "for node in ast.walk(tree):",
      "    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):",
      "        calls.setdefault(node.func.id, {k.arg: value(k.value) for k in node.keywords})",
      "print(json.dumps(calls))");

  @TempDir
  Path dir;

  // -- Airflow
  // -------------------------------------------------------------------------------------

  @Test
  void theAirflowDagPollsOnceEveryThirtyMinutesWithoutOverlapAndWithRealKeys() throws Exception {
    Optional<Path> python = onPath("python3");
    python.ifPresentOrElse(
        p -> {},
        () -> System.out.println("ScheduleFilesTest: python3 not found: the Airflow DAG is not"
            + " compiled (install python3 to check docs/airflow/citypulse_poll.py)"));
    assumeTrue(python.isPresent(), "python3 not found");
    Path script = Files.writeString(dir.resolve("read_dag.py"), READ_DAG);
    Result result = run(
        List.of(
            python.get().toString(),
            script.toString(),
            DAG.toAbsolutePath().toString(),
            dir.resolve("dag.pyc").toString()),
        Map.of(),
        30);
    assertThat(result.exitCode()).as(result.toString()).isZero();
    JsonNode calls = new ObjectMapper().readTree(result.stdout());

    JsonNode dag = calls.path("DAG");
    assertThat(dag.path("schedule").asText()).isEqualTo("*/30 * * * *");
    assertThat(dag.path("catchup").isBoolean() && !dag.path("catchup").asBoolean())
        .as("catchup=False")
        .isTrue();
    assertThat(dag.path("max_active_runs").asInt()).isEqualTo(1);
    JsonNode defaults = dag.path("default_args");
    assertThat(defaults.path("retries").asInt()).isPositive();
    assertThat(defaults.path("retry_delay").asText()).startsWith("timedelta(");

    JsonNode task = calls.path("BashOperator");
    assertThat(task.path("bash_command").asText()).contains("-jar", "poll --once");
    assertThat(task.path("append_env").asBoolean()).isTrue();
    Map<String, String> env = new HashMap<>();
    task.path("env")
        .fields()
        .forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    Set<String> keys =
        CitypulseConfig.ALL.stream().map(ConfigKey::envVariable).collect(Collectors.toSet());
    Set<String> apiKeys = Stream.of(WeatherSourceKind.values())
        .map(WeatherSourceKind::apiKeyEnv)
        .filter(Objects::nonNull)
        .collect(Collectors.toSet());
    assertThat(env).containsKey("CITYPULSE_KAFKA_BOOTSTRAP_SERVERS");
    Map<String, String> rendered = new HashMap<>();
    env.forEach((name, value) -> {
      assertThat(keys.contains(name) || apiKeys.contains(name))
          .as("%s: a config key's variable or a weather API key's", name)
          .isTrue();
      // Nothing hard-coded: every value comes from Airflow at run time.
      assertThat(value).as(name).matches("\\{\\{ var\\.value\\..*}}");
      if (apiKeys.contains(name)) {
        // Airflow masks Variables whose name contains api_key.
        assertThat(value).as(name).contains("api_key");
      }
      rendered.put(name, renderedWithDefaults(value));
    });
    // As rendered with the Variables' defaults (a broker given), the values parse for their keys.
    Settings settings = Settings.load(null, rendered, Map.of());
    assertThat(settings.get(CitypulseConfig.BOOTSTRAP_SERVERS)).isEqualTo("kafka:9092");
    assertThat(settings.get(CitypulseConfig.WEATHER_LOCATIONS)).isEqualTo("senegal");
  }

  /** A template as Airflow renders it when the Variables are unset ({@code get(name, default)}). */
  private static String renderedWithDefaults(String template) {
    Matcher withDefault =
        Pattern.compile("\\{\\{ var\\.value\\.get\\('[^']+', '([^']*)'\\) }}").matcher(template);
    if (withDefault.matches()) {
      return withDefault.group(1);
    }
    assertThat(template).isEqualTo("{{ var.value.citypulse_kafka_bootstrap_servers }}");
    return "kafka:9092";
  }

  // -- cron
  // ----------------------------------------------------------------------------------------

  @Test
  void theCronLineRunsTheWrapperEveryThirtyMinutesAndTheDocShowsIt() {
    List<String> entries = DeployFiles.text(CRON)
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.matches("[A-Z_]+=.*"))
        .toList();
    assertThat(entries).hasSize(1);
    String entry = entries.get(0);
    // /etc/cron.d format: five time fields, the user, the command.
    assertThat(entry.split("\\s+", 7)).satisfies(fields -> {
      assertThat(String.join(" ", Arrays.copyOf(fields, 5))).isEqualTo("*/30 * * * *");
      assertThat(fields[5]).isEqualTo("citypulse");
      assertThat(fields[6])
          .startsWith("/opt/citypulse/" + ROOT.relativize(WRAPPER).toString().replace('\\', '/'))
          .contains(">> /var/log/citypulse/poll.log 2>&1");
    });
    assertThat(DeployFiles.text(SCHEDULE_DOC)).contains(entry);
  }

  @Test
  void theWrapperPassesTheEnvironmentFileAndExitCodeAndNeverOverlaps() throws Exception {
    for (String tool : List.of("bash", "flock", "timeout")) {
      Optional<Path> found = onPath(tool);
      if (found.isEmpty()) {
        System.out.println(
            "ScheduleFilesTest: " + tool + " not found: the cron wrapper is not run");
      }
      assumeTrue(found.isPresent(), tool + " not found");
    }
    // A stand-in for java: says what it got, then exits with FAKE_EXIT after FAKE_SLEEP seconds.
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path fakeJava = bin.resolve("java");
    Files.writeString(
        fakeJava,
        String.join(
            "\n",
            "#!/usr/bin/env bash",
            "echo \"args: $*\"",
            "echo \"bootstrap: ${CITYPULSE_KAFKA_BOOTSTRAP_SERVERS:-unset}\"",
            "echo \"odd: ${ODD:-unset}\"",
            // exec: one process, as java is, so that timeout's signal ends the round.
            "if [ \"${FAKE_SLEEP:-0}\" != 0 ]; then exec sleep \"$FAKE_SLEEP\"; fi",
            "exit \"${FAKE_EXIT:-0}\"",
            ""));
    Files.setPosixFilePermissions(fakeJava, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path envFile = dir.resolve("citypulse.env");
    Path pwned = dir.resolve("pwned");
    Files.writeString(
        envFile,
        "# secrets\nCITYPULSE_KAFKA_BOOTSTRAP_SERVERS=kafka1:9092,kafka2:9092\n" + "ODD=$(touch "
            + pwned + ") `x` ; y\n");
    Path lock = dir.resolve("poll.lock");
    Map<String, String> env = Map.of(
        "JAVA", fakeJava.toString(),
        "CITYPULSE_ENV_FILE", envFile.toString(),
        "CITYPULSE_JAR", "/opt/citypulse/citypulse.jar",
        "CITYPULSE_LOCK", lock.toString());
    List<String> command =
        List.of(WRAPPER.toAbsolutePath().toString(), "--config", "/etc/citypulse/c.conf");

    Result ok = run(command, env, 30);
    assertThat(ok.exitCode()).as(ok.toString()).isZero();
    assertThat(ok.stdout())
        .contains(
            "args: -jar /opt/citypulse/citypulse.jar poll --once --config /etc/citypulse/c.conf")
        .contains("bootstrap: kafka1:9092,kafka2:9092")
        // A value is data: the line's text arrives as is and nothing in it was run.
        .contains("odd: $(touch " + pwned + ") `x` ; y")
        .contains("citypulse-poll: done: every source polled (exit 0)");
    assertThat(pwned).doesNotExist();
    // Every line has a UTC time, for a log file that cron does not stamp.
    assertThat(ok.stdout().lines())
        .allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ .*"));

    Map<String, String> failing = new HashMap<>(env);
    failing.put("FAKE_EXIT", "1");
    Result failed = run(command, failing, 30);
    assertThat(failed.exitCode()).as("a failed source fails the round").isEqualTo(1);
    assertThat(failed.stdout()).contains("failed: exit 1");

    Map<String, String> hung = new HashMap<>(env);
    hung.put("FAKE_SLEEP", "30");
    hung.put("CITYPULSE_POLL_TIMEOUT", "1s");
    Result timedOut = run(command, hung, 30);
    assertThat(timedOut.exitCode()).as(timedOut.toString()).isEqualTo(124);

    // While a round holds the lock, the next one is skipped, not run beside it.
    Process holder = new ProcessBuilder("flock", lock.toString(), "sleep", "30").start();
    try {
      Thread.sleep(300);
      Result skipped = run(command, env, 30);
      assertThat(skipped.exitCode()).as(skipped.toString()).isEqualTo(75);
      assertThat(skipped.stdout()).contains("previous round still runs").doesNotContain("args:");
    } finally {
      // flock's sleep inherits the lock: end both.
      holder.descendants().forEach(ProcessHandle::destroy);
      holder.destroy();
      holder.waitFor(10, TimeUnit.SECONDS);
    }
  }

  // -- systemd
  // -------------------------------------------------------------------------------------

  @Test
  void theSystemdTimerStartsThePollServiceEveryThirtyMinutes() throws Exception {
    String timer = DeployFiles.text(TIMER);
    String service = DeployFiles.text(SERVICE);
    assertThat(timer).contains("OnCalendar=*:0/30", "Unit=" + SERVICE.getFileName());
    assertThat(service).contains("Type=oneshot").containsPattern("ExecStart=.* poll --once");
    assertThat(DeployFiles.text(SCHEDULE_DOC)).contains("OnCalendar=*:0/30");
    Optional<Path> analyze = onPath("systemd-analyze");
    if (analyze.isEmpty()) {
      System.out.println("ScheduleFilesTest: systemd-analyze not found: units not verified");
    }
    assumeTrue(analyze.isPresent(), "systemd-analyze not found");
    Result calendar = run(List.of(analyze.get().toString(), "calendar", "*:0/30"), Map.of(), 30);
    assertThat(calendar.exitCode()).as(calendar.toString()).isZero();
    assertThat(calendar.stdout()).contains("Normalized form: *-*-* *:00/30:00");
    // verify reports unknown keys and bad values as warnings on stderr, with exit code 0.
    Path units = Files.createDirectories(dir.resolve("units"));
    Files.copy(SERVICE, units.resolve(SERVICE.getFileName()));
    Files.copy(TIMER, units.resolve(TIMER.getFileName()));
    Result verify = run(
        List.of(
            analyze.get().toString(),
            "verify",
            units.resolve(TIMER.getFileName()).toString(),
            units.resolve(SERVICE.getFileName()).toString()),
        Map.of(),
        60);
    String complaints = verify
        .output()
        .lines()
        // Where the JDK is elsewhere than /usr/bin/java the unit's command is not found here.
        .filter(l -> !l.contains("/usr/bin/java"))
        .collect(Collectors.joining("\n"));
    assertThat(complaints).as(verify.toString()).isBlank();
  }

  // -- helpers
  // -------------------------------------------------------------------------------------

  private record Result(int exitCode, String stdout, String stderr) {
    String output() {
      return stdout + stderr;
    }

    @Override
    public String toString() {
      return "exit code " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
    }
  }

  private Result run(List<String> command, Map<String, String> env, int timeoutSeconds)
      throws Exception {
    ProcessBuilder builder = new ProcessBuilder(new ArrayList<>(command)).directory(dir.toFile());
    builder.environment().putAll(env);
    Path out = Files.createTempFile(dir, "run", ".out");
    Path err = Files.createTempFile(dir, "run", ".err");
    Process process =
        builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new AssertionError(command + " ran over " + timeoutSeconds + " s");
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static Optional<Path> onPath(String program) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Path.of(entry, program))
        .filter(Files::isExecutable)
        .findFirst();
  }
}
