package io.citypulse.app.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deployment files at the repository root (compose.yaml, .env.example, the Dockerfile,
 * deploy/prometheus/prometheus.yml), read as the tools read them. Tests run in the module's
 * directory, so the root is {@code ..} (as ConfigDocsTest reads the README).
 */
final class DeployFiles {
  private DeployFiles() {}

  static final Path ROOT = Path.of("..");
  static final Path COMPOSE = ROOT.resolve("compose.yaml");
  static final Path ENV_EXAMPLE = ROOT.resolve(".env.example");
  static final Path DOCKERFILE = ROOT.resolve("Dockerfile");
  static final Path DOCKERIGNORE = ROOT.resolve(".dockerignore");
  static final Path PROMETHEUS = ROOT.resolve("deploy/prometheus/prometheus.yml");

  static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  static JsonNode yaml(Path file) {
    try {
      return YAML.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static String text(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** KEY=VALUE lines of an env file (Compose's .env format: no quotes used here, # comments). */
  static Map<String, String> envFile(Path file) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String line : text(file).lines().toList()) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      int eq = trimmed.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(file + ": not KEY=VALUE: " + line);
      }
      values.put(trimmed.substring(0, eq).trim(), trimmed.substring(eq + 1).trim());
    }
    return values;
  }

  // ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?message}, ${VAR?message}; $$ is a literal $.
  private static final Pattern VARIABLE =
      Pattern.compile("\\$\\$|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?}");

  /**
   * A value as Compose interpolates it with {@code vars} (its .env file and shell): the subset of
   * Compose's syntax this repository uses. ComposeFileIT checks the result against docker-compose's.
   *
   * @throws IllegalArgumentException for a required variable ({@code :?}) that is unset or empty
   */
  static String interpolate(String value, Map<String, String> vars) {
    Matcher m = VARIABLE.matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$$")) {
        replacement = "$";
      } else {
        String name = m.group(1);
        String op = m.group(2);
        String set = vars.get(name);
        boolean colon = op != null && op.startsWith(":");
        boolean missing = set == null || (colon && set.isEmpty());
        if (op == null) {
          replacement = set == null ? "" : set;
        } else if (op.endsWith("-")) {
          replacement = missing ? m.group(3) : set;
        } else if (missing) {
          throw new IllegalArgumentException(
              "required variable " + name + " is not set: " + m.group(3));
        } else {
          replacement = set;
        }
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The names of the variables a value refers to ({@code ${NAME...}}). */
  static List<String> variables(String value) {
    List<String> names = new ArrayList<>();
    Matcher m = VARIABLE.matcher(value);
    while (m.find()) {
      if (m.group(1) != null) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** The variables a text requires ({@code ${NAME:?message}}, {@code ${NAME?message}}). */
  static Set<String> requiredVariables(String text) {
    Set<String> names = new TreeSet<>();
    Matcher m = VARIABLE.matcher(text);
    while (m.find()) {
      if (m.group(2) != null && m.group(2).endsWith("?")) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  /** A service's environment (map or KEY=VALUE list syntax), as written (not interpolated). */
  static Map<String, String> rawEnvironment(JsonNode service) {
    Map<String, String> env = new LinkedHashMap<>();
    JsonNode node = service.path("environment");
    if (node.isArray()) {
      for (JsonNode item : node) {
        String entry = item.asText();
        int eq = entry.indexOf('=');
        env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
      }
    } else {
      node.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
    }
    return env;
  }

  /** A service's environment with {@code vars} interpolated. */
  static Map<String, String> environment(JsonNode service, Map<String, String> vars) {
    Map<String, String> env = new LinkedHashMap<>();
    rawEnvironment(service).forEach((name, value) -> env.put(name, interpolate(value, vars)));
    return env;
  }

  /** A string or list field (command, entrypoint, healthcheck.test) as a list of words. */
  static List<String> words(JsonNode node) {
    List<String> words = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(item -> words.add(item.asText()));
    } else if (!node.isMissingNode() && !node.isNull()) {
      words.addAll(List.of(node.asText().trim().split("\\s+")));
    }
    return words;
  }
}
