package io.citypulse.cluster;

import java.util.Locale;

/**
 * One process of the local cluster: {@code broker-N}, {@code worker-N}, {@code master} or {@code
 * hdfs}. Brokers and workers are numbered from 1.
 */
public record Member(Kind kind, int index) {
  /** What a member runs. */
  public enum Kind {
    BROKER,
    WORKER,
    MASTER,
    HDFS;

    String id() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public Member {
    boolean numbered = kind == Kind.BROKER || kind == Kind.WORKER;
    if (numbered ? index < 1 : index != 0) {
      throw new IllegalArgumentException(
          numbered
              ? kind.id() + " numbers start at 1, got " + index
              : kind.id() + " has no number");
    }
  }

  public static Member broker(int index) {
    return new Member(Kind.BROKER, index);
  }

  public static Member worker(int index) {
    return new Member(Kind.WORKER, index);
  }

  public static final Member MASTER = new Member(Kind.MASTER, 0);
  public static final Member HDFS = new Member(Kind.HDFS, 0);

  /**
   * Parses {@code broker 2}, {@code broker-2}, {@code worker 1}, {@code master}, {@code hdfs} (the
   * kind and number of the {@code kill}/{@code restart} commands).
   *
   * @throws IllegalArgumentException naming what is accepted
   */
  public static Member parse(String kind, String number) {
    String name = kind.toLowerCase(Locale.ROOT).trim();
    String index = number == null ? "" : number.trim();
    int dash = name.lastIndexOf('-');
    if (index.isEmpty() && dash > 0) {
      index = name.substring(dash + 1);
      name = name.substring(0, dash);
    }
    for (Kind candidate : Kind.values()) {
      if (candidate.id().equals(name)) {
        boolean numbered = candidate == Kind.BROKER || candidate == Kind.WORKER;
        if (numbered == index.isEmpty()) {
          break;
        }
        try {
          return new Member(candidate, numbered ? Integer.parseInt(index) : 0);
        } catch (NumberFormatException e) {
          break;
        }
      }
    }
    throw new IllegalArgumentException("unknown cluster member '" + (kind + " " + index).trim()
        + "': expected broker N, worker N, master or hdfs");
  }

  /** {@code broker-2}, {@code master}: file names of its pid and log. */
  public String id() {
    return index == 0 ? kind.id() : kind.id() + "-" + index;
  }

  @Override
  public String toString() {
    return id();
  }
}
