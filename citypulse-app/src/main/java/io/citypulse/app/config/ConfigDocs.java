package io.citypulse.app.config;

import java.util.stream.Collectors;

/** Renders the declared keys as documentation: a Markdown table and a commented HOCON file. */
public final class ConfigDocs {
  private ConfigDocs() {}

  public static String markdownTable() {
    String header = "| Key | Environment variable | Default | Meaning |\n|---|---|---|---|\n";
    return header
        + CitypulseConfig.ALL.stream()
            .map(k -> "| `" + k.name() + "` | `" + k.envVariable() + "` | "
                + (k.defaultValue().isEmpty() ? "(empty)" : "`" + k.defaultValue() + "`") + " | "
                + k.doc().replace("|", "\\|") + " |")
            .collect(Collectors.joining("\n"))
        + "\n";
  }

  /** A complete HOCON file with every key at its default, each preceded by its documentation. */
  public static String referenceHocon() {
    return "# citypulse configuration: every key with its default.\n"
        + "# Precedence: defaults < this file (--config) < CITYPULSE_* environment variables < flags.\n\n"
        + CitypulseConfig.ALL.stream()
            .map(k -> "# " + k.doc() + " (" + k.type().description() + ")\n" + k.name() + " = \""
                + k.defaultValue() + "\"\n")
            .collect(Collectors.joining("\n"));
  }
}
