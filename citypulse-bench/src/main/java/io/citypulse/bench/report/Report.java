package io.citypulse.bench.report;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.citypulse.bench.BenchVersions;
import io.citypulse.bench.stats.Figure;
import io.citypulse.model.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one bench command: a table for people, JSON for machines. */
public final class Report {
  private final String command;
  private final Map<String, Object> options;
  private final List<Figure> figures = new ArrayList<>();
  private final List<Map<String, Object>> runs = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();

  public Report(String command, Map<String, Object> options) {
    this.command = command;
    this.options = new LinkedHashMap<>(options);
  }

  public void add(Figure figure) {
    figures.add(figure);
  }

  public void addAll(List<Figure> more) {
    figures.addAll(more);
  }

  /** A raw run result (a worker's JSON), kept in the output for whoever wants the details. */
  public void addRun(String benchmark, int run, Map<String, Object> result) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("benchmark", benchmark);
    entry.put("run", run);
    entry.putAll(result);
    runs.add(entry);
  }

  /** Something that makes the figures untrustworthy (a wrong result, a failed run). */
  public void addProblem(String problem) {
    problems.add(problem);
  }

  public List<Figure> figures() {
    return List.copyOf(figures);
  }

  public List<String> problems() {
    return List.copyOf(problems);
  }

  public String table(MachineInfo machine) {
    StringBuilder out = new StringBuilder();
    out.append("citypulse-bench ")
        .append(command)
        .append(" -- ")
        .append(machine.summary())
        .append('\n');
    String format = "%-50s %-10s %14s %27s %12s %-7s %s%n";
    out.append(String.format(
        Locale.ROOT, format, "figure", "unit", "median", "min .. max", "target", "verdict", "n"));
    out.append("-".repeat(127)).append('\n');
    for (Figure f : figures) {
      String median = f.measured() ? number(f.median()) : "FAILED";
      String range = f.measured() ? number(f.min()) + " .. " + number(f.max()) : "";
      String target =
          f.target() == null ? "" : (f.higherIsBetter() ? ">= " : "<= ") + number(f.target());
      out.append(String.format(
          Locale.ROOT,
          format,
          f.label(),
          f.unit(),
          median,
          range,
          target,
          f.verdict(),
          f.values().size()));
    }
    for (String problem : problems) {
      out.append("!! ").append(problem).append('\n');
    }
    return out.toString();
  }

  /** Large numbers grouped without decimals, small ones with three significant decimals. */
  static String number(double value) {
    double abs = Math.abs(value);
    if (abs >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    if (abs >= 100) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    if (abs >= 1) {
      return String.format(Locale.ROOT, "%.2f", value);
    }
    return String.format(Locale.ROOT, "%.4f", value);
  }

  public Map<String, Object> toJson(MachineInfo machine, BenchVersions versions) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("generated_at", Instant.now().toString());
    root.put("command", command);
    root.put("options", options);
    root.put(
        "machine",
        Map.of(
            "available_processors",
            machine.cores(),
            "memory_total_mb",
            machine.memoryTotalMb() == null ? "unknown" : machine.memoryTotalMb(),
            "cpu_model",
            machine.cpuModel() == null ? "unknown" : machine.cpuModel(),
            "os",
            machine.os()));
    root.put(
        "jvm",
        Map.of(
            "version",
            machine.jvmVersion(),
            "vendor",
            machine.jvmVendor(),
            "name",
            machine.jvmName()));
    root.put(
        "versions",
        Map.of(
            "citypulse",
            versions.citypulse(),
            "spark",
            versions.spark(),
            "kafka",
            versions.kafka(),
            "jmh",
            versions.jmh()));
    List<Map<String, Object>> figureList = new ArrayList<>();
    for (Figure f : figures) {
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("id", f.id());
      entry.put("label", f.label());
      entry.put("unit", f.unit());
      entry.put("values", f.values());
      entry.put("median", f.measured() ? f.median() : null);
      entry.put("min", f.measured() ? f.min() : null);
      entry.put("max", f.measured() ? f.max() : null);
      entry.put("target", f.target());
      entry.put(
          "target_is", f.target() == null ? null : f.higherIsBetter() ? "minimum" : "maximum");
      entry.put("verdict", f.verdict());
      entry.put("notes", f.notes());
      figureList.add(entry);
    }
    root.put("figures", figureList);
    root.put("problems", problems);
    root.put("runs", runs);
    return root;
  }

  public void write(Path file, MachineInfo machine, BenchVersions versions) throws IOException {
    Path absolute = file.toAbsolutePath();
    if (absolute.getParent() != null) {
      Files.createDirectories(absolute.getParent());
    }
    Files.write(
        absolute,
        Json.MAPPER
            .writer()
            .with(SerializationFeature.INDENT_OUTPUT)
            .writeValueAsBytes(toJson(machine, versions)));
  }
}
