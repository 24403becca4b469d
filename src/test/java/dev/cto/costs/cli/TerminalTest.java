package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.report.TableStyle;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the terminal can show, read from the environment the way POSIX tools read it. */
class TerminalTest {

  @Test
  void colourOnlyOnATerminalAndNeverWithNoColor() {
    assertThat(Terminal.style(Map.of("LANG", "en_US.UTF-8"), "UTF-8", true).colour()).isTrue();
    assertThat(Terminal.style(Map.of("LANG", "en_US.UTF-8"), "UTF-8", false).colour()).isFalse();
    assertThat(Terminal.style(Map.of("LANG", "en_US.UTF-8", "NO_COLOR", "1"), "UTF-8", true).colour()).isFalse();
    assertThat(Terminal.style(Map.of("TERM", "dumb"), "UTF-8", true).colour()).isFalse();
  }

  @Test
  void symbolsNeedAUtf8LocaleWithLcAllBeforeLcCtypeBeforeLang() {
    assertThat(Terminal.style(Map.of("LANG", "C.UTF-8"), "ANSI_X3.4-1968", false).unicode()).isTrue();
    assertThat(Terminal.style(Map.of("LANG", "C"), "UTF-8", false).unicode()).isFalse();
    assertThat(Terminal.style(Map.of("LANG", "en_US.UTF-8", "LC_ALL", "POSIX"), "UTF-8", false).unicode()).isFalse();
    assertThat(Terminal.style(Map.of("LANG", "C", "LC_CTYPE", "de_DE.utf8"), "UTF-8", false).unicode()).isTrue();
    assertThat(Terminal.style(Map.of(), "ANSI_X3.4-1968", false).unicode()).isFalse();
    assertThat(Terminal.style(Map.of(), "UTF-8", false).unicode()).isTrue();
  }

  @Test
  void widthFromColumnsWhenTheShellExportsIt() {
    assertThat(Terminal.style(Map.of("COLUMNS", "60"), "UTF-8", true).columns()).isEqualTo(60);
    assertThat(Terminal.style(Map.of("COLUMNS", "wide"), "UTF-8", true)).isEqualTo(new TableStyle(true, true, Integer.MAX_VALUE));
    assertThat(Terminal.style(Map.of(), "UTF-8", false)).isEqualTo(TableStyle.PLAIN);
  }
}
