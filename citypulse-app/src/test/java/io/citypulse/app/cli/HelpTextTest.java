package io.citypulse.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code --help} of citypulse and of every command, rendered in-process for an 80-column terminal:
 * each command's summary is one complete line in the command list, and every description reads as
 * whole sentences, wrapped between words, within 80 columns.
 */
class HelpTextTest {
  private static final int COLUMNS = 80;

  /** The command line as {@link CitypulseCommand#execute} builds it, rendered without colours in 80 columns. */
  private static CommandLine citypulse() {
    CommandLine commandLine = new CommandLine(new CitypulseCommand());
    commandLine.setUsageHelpWidth(COLUMNS);
    return commandLine;
  }

  /** citypulse and every command under it, by qualified name ("citypulse", "citypulse run", ...). */
  private static Map<String, CommandLine> everyCommand() {
    Map<String, CommandLine> commands = new LinkedHashMap<>();
    collect(citypulse(), commands);
    return commands;
  }

  private static void collect(CommandLine commandLine, Map<String, CommandLine> into) {
    into.put(commandLine.getCommandSpec().qualifiedName(), commandLine);
    commandLine.getSubcommands().values().forEach(sub -> collect(sub, into));
  }

  private static String help(CommandLine commandLine) {
    return commandLine.getUsageMessage(Help.Ansi.OFF);
  }

  @Test
  void theTopLevelDescriptionSaysWhatCitypulseIsToday() {
    String description =
        String.join(" ", citypulse().getCommandSpec().usageMessage().description());

    assertThat(description)
        .contains(
            "bike-share",
            "GBFS",
            "weather",
            "Kafka",
            "Spark",
            "PostgreSQL",
            "Parquet",
            "dashboard");
    assertThat(help(citypulse())).contains("Kafka", "Spark", "dashboard");
  }

  @Test
  void everyCommandSummaryIsOneCompleteLineInTheCommandList() {
    CommandLine citypulse = citypulse();
    List<String> lines = Arrays.asList(help(citypulse).split("\\R"));
    int heading = lines.indexOf("Commands:");
    assertThat(heading).as("the Commands: heading in%n%s", help(citypulse)).isNotNegative();
    List<String> list = lines.subList(heading + 1, lines.size());

    SoftAssertions softly = new SoftAssertions();
    for (String name : citypulse.getSubcommands().keySet()) {
      int entry = -1;
      for (int i = 0; i < list.size(); i++) {
        if (list.get(i).startsWith("  " + name + " ")) {
          entry = i;
        }
      }
      if (entry < 0) {
        softly.fail("no entry for %s in the command list:%n%s", name, String.join("\n", list));
        continue;
      }
      String summary = list.get(entry).substring(2 + name.length()).trim();
      boolean continued = entry + 1 < list.size() && list.get(entry + 1).startsWith("   ");
      softly
          .assertThat(continued)
          .as(
              "the summary of %s goes on over a second line:%n%s%n%s",
              name, list.get(entry), continued ? list.get(entry + 1) : "")
          .isFalse();
      softly
          .assertThat(summary)
          .as("summary of %s", name)
          .endsWith(".")
          .doesNotEndWith(":")
          .doesNotEndWith(",");
      softly
          .assertThat(summary)
          .as("summary of %s", name)
          .isNotEmpty()
          .hasSizeLessThanOrEqualTo(70);
    }
    softly.assertAll();
  }

  @Test
  void noRenderedLineIsWiderThan80Columns() {
    SoftAssertions softly = new SoftAssertions();
    everyCommand().forEach((name, commandLine) -> {
      for (String line : help(commandLine).split("\\R")) {
        softly
            .assertThat(line.length())
            .as("%s --help, line%n%s", name, line)
            .isLessThanOrEqualTo(COLUMNS);
      }
    });
    softly.assertAll();
  }

  /**
   * Each element of a description renders as a line of its own: an element that stops mid-sentence
   * (at a colon, a comma, a word) makes the help break the sentence where the source line ended.
   */
  @Test
  void everyDescriptionLineIsWholeSentences() {
    SoftAssertions softly = new SoftAssertions();
    everyCommand().forEach((name, commandLine) -> {
      CommandSpec spec = commandLine.getCommandSpec();
      for (String line : spec.usageMessage().description()) {
        softly
            .assertThat(sentenceEnd(line))
            .as("%s: description line%n%s", name, line)
            .endsWith(".");
      }
      for (ArgSpec arg : args(spec)) {
        for (String line : arg.description()) {
          softly
              .assertThat(sentenceEnd(line))
              .as("%s %s: description line%n%s", name, label(arg), line)
              .endsWith(".");
        }
      }
    });
    softly.assertAll();
  }

  /**
   * Picocli wraps long descriptions where a line break is allowed, which includes inside a token such
   * as {@code gbfs.enabled=false} or {@code jdbc:postgresql://...}; a word cut there reads as two. Every
   * word of every description must be found whole on one rendered line.
   */
  @Test
  void descriptionsWrapBetweenWordsNeverInsideOne() {
    SoftAssertions softly = new SoftAssertions();
    everyCommand().forEach((name, commandLine) -> {
      CommandSpec spec = commandLine.getCommandSpec();
      List<String> rendered = Arrays.asList(help(commandLine).split("\\R"));
      List<String> texts = new ArrayList<>(Arrays.asList(spec.usageMessage().description()));
      texts.addAll(Arrays.asList(spec.usageMessage().footer()));
      for (ArgSpec arg : args(spec)) {
        texts.addAll(Arrays.asList(arg.description()));
      }
      for (String text : texts) {
        for (String word : text.split("\\s+")) {
          if (word.isEmpty() || word.contains("${") || word.contains("%")) {
            continue; // replaced when rendered
          }
          softly
              .assertThat(rendered.stream().anyMatch(line -> line.contains(word)))
              .as("%s --help cuts \"%s\" over two lines", name, word)
              .isTrue();
        }
      }
    });
    softly.assertAll();
  }

  private static List<ArgSpec> args(CommandSpec spec) {
    List<ArgSpec> args = new ArrayList<>(spec.options());
    args.addAll(spec.positionalParameters());
    return args;
  }

  private static String label(ArgSpec arg) {
    return arg.isOption() ? ((CommandLine.Model.OptionSpec) arg).longestName() : arg.paramLabel();
  }

  /** The line without a trailing %n (a line break picocli adds). */
  private static String sentenceEnd(String line) {
    return line.strip().replaceAll("(%n)+$", "");
  }
}
