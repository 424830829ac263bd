package io.citypulse.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much CPU other processes took while a measurement ran: machine-wide user+system time from
 * /proc/stat, minus kernel threads (page-cache writeback, network softirq work that the bench's own
 * broker traffic and file writes cause: Spark's checkpoint files alone showed up as 10-20 % when
 * counted), minus what the bench itself (this JVM and the measured child) used. The machine may be
 * shared (builds, other sessions); a busy machine slows every figure, so each run records it.
 */
public final class CpuContention {
  /** Linux reports /proc/stat in USER_HZ ticks, 100 per second on every mainstream architecture. */
  public static final double TICKS_PER_SECOND = 100.0;

  private final long busyTicksAtStart;
  private final long ownCpuNanosAtStart;
  private final long startNanos;

  private CpuContention(long busyTicks, long ownCpuNanos) {
    this.busyTicksAtStart = busyTicks;
    this.ownCpuNanosAtStart = ownCpuNanos;
    this.startNanos = System.nanoTime();
  }

  public static CpuContention start() {
    return new CpuContention(busyTicks(readStat()) - kernelThreadTicks(), ownCpuNanos());
  }

  /**
   * Share of the machine's CPU capacity used by other processes since {@link #start}, 0-1;
   * -1 when /proc/stat is not readable.
   *
   * @param childCpuSeconds CPU time of the measured child process(es) in the interval
   */
  public double otherShare(double childCpuSeconds) {
    long busy = busyTicks(readStat()) - kernelThreadTicks();
    if (busy < 0 || busyTicksAtStart < 0) {
      return -1;
    }
    double wall = (System.nanoTime() - startNanos) / 1e9;
    double ownSeconds = (ownCpuNanos() - ownCpuNanosAtStart) / 1e9;
    return share(
        (busy - busyTicksAtStart) / TICKS_PER_SECOND,
        ownSeconds + childCpuSeconds,
        wall,
        Runtime.getRuntime().availableProcessors());
  }

  static double share(
      double machineBusySeconds, double benchSeconds, double wallSeconds, int cores) {
    if (wallSeconds <= 0) {
      return 0;
    }
    return Math.max(0, Math.min(1, (machineBusySeconds - benchSeconds) / (wallSeconds * cores)));
  }

  /**
   * user + nice + system ticks of the aggregate "cpu" line; -1 if absent. Not idle/iowait, and not
   * irq/softirq/steal, which no process is charged for (loopback network work lands there).
   */
  static long busyTicks(String stat) {
    for (String line : stat.split("\n")) {
      if (line.startsWith("cpu ")) {
        String[] f = line.trim().split("\\s+");
        return Long.parseLong(f[1]) + Long.parseLong(f[2]) + Long.parseLong(f[3]);
      }
    }
    return -1;
  }

  /** utime + stime of every kernel thread (kthreadd, pid 2, and its children), in ticks. */
  static long kernelThreadTicks() {
    long ticks = 0;
    try (var dirs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path dir : dirs) {
        try {
          ticks += kernelThreadTicks(Files.readString(dir.resolve("stat")));
        } catch (IOException | RuntimeException gone) {
          // The process ended meanwhile.
        }
      }
    } catch (IOException | RuntimeException e) {
      return 0;
    }
    return ticks;
  }

  /** The ticks of one /proc/PID/stat line if it is a kernel thread, else 0. */
  static long kernelThreadTicks(String pidStat) {
    // "pid (comm) state ppid ... utime(14) stime(15)": comm may hold spaces, so split after ')'.
    String[] f = pidStat.substring(pidStat.lastIndexOf(')') + 2).trim().split("\\s+");
    long pid = Long.parseLong(pidStat.substring(0, pidStat.indexOf(' ')));
    long ppid = Long.parseLong(f[1]);
    if (pid != 2 && ppid != 2) {
      return 0;
    }
    return Long.parseLong(f[11]) + Long.parseLong(f[12]);
  }

  /** CPU time of this JVM, ns. */
  public static long ownCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean()
        instanceof com.sun.management.OperatingSystemMXBean os) {
      return os.getProcessCpuTime();
    }
    return 0;
  }

  private static String readStat() {
    try {
      return Files.readString(Path.of("/proc/stat"));
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
