package io.citypulse.app.cli;

/** Process exit codes of the citypulse command, in one place. */
public final class ExitCodes {
  private ExitCodes() {}

  public static final int OK = 0;
  /** The pipeline or a command failed at run time (broker unreachable, topic missing...). */
  public static final int FAILURE = 1;
  /** Bad flags or configuration: the message names the key or flag. */
  public static final int USAGE = 2;
  /** Interrupted by Ctrl-C. */
  public static final int INTERRUPTED = 130;
}
