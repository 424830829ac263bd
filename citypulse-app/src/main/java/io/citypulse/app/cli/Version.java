package io.citypulse.app.cli;

import picocli.CommandLine;

/** Version shown by {@code --version}, read from the jar manifest. */
public final class Version implements CommandLine.IVersionProvider {
  public static String current() {
    String version = Version.class.getPackage().getImplementationVersion();
    return version == null ? "dev" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {
      "citypulse " + current(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
