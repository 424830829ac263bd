package io.citypulse.bench.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/** Resident-memory figures of a process from Linux's /proc (empty elsewhere). */
public final class ProcStatus {
  private ProcStatus() {}

  /** Peak resident set size (VmHWM) of a process, in kB. */
  public static OptionalLong peakRssKb(long pid) {
    return field(Path.of("/proc", Long.toString(pid), "status"), "VmHWM");
  }

  /** Current resident set size (VmRSS) of a process, in kB. */
  public static OptionalLong rssKb(long pid) {
    return field(Path.of("/proc", Long.toString(pid), "status"), "VmRSS");
  }

  /**
   * Resets this process's VmHWM to its current RSS (Linux 4.0+: writing 5 to clear_refs), so a
   * later {@link #peakRssKb} covers only what follows. False if the kernel refused.
   */
  public static boolean resetOwnPeak() {
    try {
      Files.writeString(Path.of("/proc/self/clear_refs"), "5");
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }

  /** kB as /proc counts them (1,024 bytes) to MB (10^6 bytes), the unit of every memory figure. */
  public static double kbToMb(long kb) {
    return kb * 1024 / 1e6;
  }

  private static OptionalLong field(Path status, String name) {
    try {
      return parse(Files.readString(status), name);
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** Reads {@code Name:   123 kB} from the text of a /proc/PID/status file. */
  static OptionalLong parse(String statusText, String name) {
    for (String line : statusText.split("\n")) {
      if (line.startsWith(name + ":")) {
        String[] parts = line.substring(name.length() + 1).trim().split("\\s+");
        return OptionalLong.of(Long.parseLong(parts[0]));
      }
    }
    return OptionalLong.empty();
  }
}
