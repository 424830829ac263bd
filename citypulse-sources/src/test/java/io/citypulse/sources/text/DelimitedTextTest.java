package io.citypulse.sources.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DelimitedTextTest {

  @Test
  void theSeparatorIsTheCommonestOneInTheHeaderOutsideQuotes() {
    assertThat(DelimitedText.detectSeparator("a;b;c\n1,5;2,5;3\n")).isEqualTo(';');
    assertThat(DelimitedText.detectSeparator("a\tb\tc\n")).isEqualTo('\t');
    assertThat(DelimitedText.detectSeparator("a,b,c\n1;2;3;4;5\n")).isEqualTo(',');
    assertThat(DelimitedText.detectSeparator("\"a;x;y\",b,c\n")).isEqualTo(',');
    assertThat(DelimitedText.detectSeparator("postcode\n75001\n")).isEqualTo(',');
  }

  @Test
  void blankLinesBeforeTheHeaderAreSkippedWhenDetectingTheSeparator() {
    assertThat(DelimitedText.detectSeparator("\r\n\n  \na;b;c\n1,2;3;4\n")).isEqualTo(';');
  }

  @Test
  void readsQuotesDoubledQuotesAndLineEnds() throws Exception {
    List<DelimitedText.Row> rows =
        DelimitedText.parse("a;\"b;c\";\"say \"\"hi\"\"\"\r\n1;\"two\r\nlines\";3\r4;5;6", ';');

    assertThat(rows).extracting(DelimitedText.Row::line).containsExactly(1, 2, 4);
    assertThat(rows.get(0).fields()).containsExactly("a", "b;c", "say \"hi\"");
    assertThat(rows.get(1).fields()).containsExactly("1", "two\r\nlines", "3");
    assertThat(rows.get(2).fields()).containsExactly("4", "5", "6");
  }

  @Test
  void widthLeavesOutTrailingEmptyFields() throws Exception {
    List<DelimitedText.Row> rows = DelimitedText.parse("a;b;;\n;;\na;;c\n", ';');

    assertThat(rows).extracting(DelimitedText.Row::width).containsExactly(2, 0, 3);
    assertThat(rows).extracting(DelimitedText.Row::isBlank).containsExactly(false, true, false);
  }

  @Test
  void anUnterminatedQuoteNamesTheLineWhereTheFieldStarts() {
    assertThatThrownBy(() -> DelimitedText.parse("a,b\n1,\"2\n3,4\n", ','))
        .isInstanceOf(DelimitedText.MalformedException.class)
        .hasMessage("unterminated quoted field")
        .satisfies(
            e -> assertThat(((DelimitedText.MalformedException) e).line()).isEqualTo(2));
  }
}
