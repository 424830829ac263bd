package io.citypulse.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were measured on. */
public record MachineInfo(
    int cores,
    Long memoryTotalMb,
    String cpuModel,
    String os,
    String jvmVersion,
    String jvmVendor,
    String jvmName) {

  public static MachineInfo collect() {
    return new MachineInfo(
        Runtime.getRuntime().availableProcessors(),
        memTotalMb(read(Path.of("/proc/meminfo"))),
        cpuModel(read(Path.of("/proc/cpuinfo"))),
        System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
            + System.getProperty("os.arch"),
        System.getProperty("java.runtime.version", System.getProperty("java.version")),
        System.getProperty("java.vendor"),
        System.getProperty("java.vm.name"));
  }

  /** MemTotal of /proc/meminfo in MB, null when absent. */
  static Long memTotalMb(String meminfo) {
    for (String line : meminfo.split("\n")) {
      if (line.startsWith("MemTotal:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
      }
    }
    return null;
  }

  /** The first "model name" of /proc/cpuinfo, null when absent. */
  static String cpuModel(String cpuinfo) {
    for (String line : cpuinfo.split("\n")) {
      if (line.startsWith("model name")) {
        return line.substring(line.indexOf(':') + 1).trim();
      }
    }
    return null;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** One line for the table header. */
  public String summary() {
    return cores + " cores, "
        + (memoryTotalMb == null ? "?" : String.format("%.1f GiB", memoryTotalMb / 1024.0)) + ", "
        + (cpuModel == null ? "unknown CPU" : cpuModel) + ", " + jvmName + " " + jvmVersion;
  }
}
