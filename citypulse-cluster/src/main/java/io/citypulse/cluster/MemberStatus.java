package io.citypulse.cluster;

/**
 * One member as {@code status} shows it.
 *
 * @param pid the process, 0 when none runs
 * @param address what it listens on (client port, RPC address)
 */
public record MemberStatus(Member member, long pid, boolean ready, String address) {
  public boolean running() {
    return pid != 0;
  }

  /** {@code broker-1   running  pid 1234  127.0.0.1:41234}. */
  public String line() {
    String state = !running() ? "stopped" : ready ? "running" : "not ready";
    return String.format(
        "%-9s %-9s %-10s %s", member.id(), state, running() ? "pid " + pid : "", address);
  }
}
