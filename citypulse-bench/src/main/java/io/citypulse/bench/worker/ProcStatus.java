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
   * Proportional set size (Pss in /proc/PID/smaps_rollup, Linux 4.14+) of a process, in kB: its
   * resident memory with each shared page divided among the processes mapping it, so the Pss of
   * a server's processes add up (their RSS would count the shared buffers once per process).
   */
  public static OptionalLong pssKb(long pid) {
    return field(Path.of("/proc", Long.toString(pid), "smaps_rollup"), "Pss");
  }

  /**
   * CPU time of a process in clock ticks (utime + stime), plus that of its children it has
   * reaped (cutime + cstime) when {@code withReapedChildren}; empty when it is gone.
   */
  public static OptionalLong cpuTicks(long pid, boolean withReapedChildren) {
    try {
      return OptionalLong.of(cpuTicks(
          Files.readString(Path.of("/proc", Long.toString(pid), "stat")), withReapedChildren));
    } catch (IOException | RuntimeException e) {
      return OptionalLong.empty();
    }
  }

  /** From the text of /proc/PID/stat: utime(14) + stime(15) [+ cutime(16) + cstime(17)]. */
  static long cpuTicks(String statText, boolean withReapedChildren) {
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so count after the last
    // ')'.
    String[] f = statText.substring(statText.lastIndexOf(')') + 2).trim().split("\\s+");
    long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
    return withReapedChildren ? ticks + Long.parseLong(f[13]) + Long.parseLong(f[14]) : ticks;
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
