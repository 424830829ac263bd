package io.citypulse.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How much CPU other processes took while a measurement ran: machine-wide busy time from
 * /proc/stat minus what the bench itself (this JVM and the measured child) used. The machine may
 * be shared (builds, other sessions); a busy machine slows every figure, so each run records it.
 */
public final class CpuContention {
  /** Linux reports /proc/stat in USER_HZ ticks, 100 per second on every mainstream architecture. */
  static final double TICKS_PER_SECOND = 100.0;

  private final long busyTicksAtStart;
  private final long ownCpuNanosAtStart;
  private final long startNanos;

  private CpuContention(long busyTicks, long ownCpuNanos) {
    this.busyTicksAtStart = busyTicks;
    this.ownCpuNanosAtStart = ownCpuNanos;
    this.startNanos = System.nanoTime();
  }

  public static CpuContention start() {
    return new CpuContention(busyTicks(readStat()), ownCpuNanos());
  }

  /**
   * Share of the machine's CPU capacity used by other processes since {@link #start}, 0-1;
   * -1 when /proc/stat is not readable.
   *
   * @param childCpuSeconds CPU time of the measured child process(es) in the interval
   */
  public double otherShare(double childCpuSeconds) {
    long busy = busyTicks(readStat());
    if (busy < 0 || busyTicksAtStart < 0) {
      return -1;
    }
    double wall = (System.nanoTime() - startNanos) / 1e9;
    double ownSeconds = (ownCpuNanos() - ownCpuNanosAtStart) / 1e9;
    return share((busy - busyTicksAtStart) / TICKS_PER_SECOND, ownSeconds + childCpuSeconds, wall,
        Runtime.getRuntime().availableProcessors());
  }

  static double share(double machineBusySeconds, double benchSeconds, double wallSeconds, int cores) {
    if (wallSeconds <= 0) {
      return 0;
    }
    return Math.max(0, Math.min(1, (machineBusySeconds - benchSeconds) / (wallSeconds * cores)));
  }

  /** Busy ticks of the aggregate "cpu" line: everything but idle and iowait; -1 if absent. */
  static long busyTicks(String stat) {
    for (String line : stat.split("\n")) {
      if (line.startsWith("cpu ")) {
        String[] f = line.trim().split("\\s+");
        long busy = 0;
        // user nice system idle iowait irq softirq steal [guest guest_nice: already in user/nice]
        for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
          if (i != 4 && i != 5) {
            busy += Long.parseLong(f[i]);
          }
        }
        return busy;
      }
    }
    return -1;
  }

  /** CPU time of this JVM, ns. */
  public static long ownCpuNanos() {
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
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
