package io.citypulse.bench.world;

import io.citypulse.bench.report.CpuContention;
import io.citypulse.bench.worker.ProcStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * Memory and CPU of a launched process and all its descendants, from /proc: the app's launcher
 * JVM forwards to a second JVM it starts (broker and Spark), and a user pays for both.
 */
final class ProcessTree {
  private final ProcessHandle root;

  ProcessTree(ProcessHandle root) {
    this.root = root;
  }

  /** The root and its live descendants. */
  List<ProcessHandle> processes() {
    List<ProcessHandle> tree = new ArrayList<>();
    tree.add(root);
    root.descendants().forEach(tree::add);
    return tree;
  }

  /**
   * Now: the summed resident memory (VmRSS) and peak resident memory (VmHWM) of every live
   * process of the tree, and their CPU time (utime + stime).
   */
  Sample sample() {
    long rssKb = 0;
    long peakKb = 0;
    long ticks = 0;
    int count = 0;
    for (ProcessHandle p : processes()) {
      if (!p.isAlive()) {
        continue;
      }
      count++;
      rssKb += ProcStatus.rssKb(p.pid()).orElse(0);
      peakKb += ProcStatus.peakRssKb(p.pid()).orElse(0);
      ticks += ProcStatus.cpuTicks(p.pid(), false).orElse(0);
    }
    return new Sample(
        System.nanoTime(),
        ProcStatus.kbToMb(rssKb),
        ProcStatus.kbToMb(peakKb),
        ticks / CpuContention.TICKS_PER_SECOND,
        count);
  }

  /**
   * @param atNanos {@link System#nanoTime} of the sample
   * @param rssMb summed VmRSS, MB (10^6 bytes)
   * @param peakRssMb summed VmHWM: each process's own peak, so an upper bound of the tree's
   * @param cpuSeconds CPU time of the live processes since they started
   */
  record Sample(long atNanos, double rssMb, double peakRssMb, double cpuSeconds, int processes) {}
}
