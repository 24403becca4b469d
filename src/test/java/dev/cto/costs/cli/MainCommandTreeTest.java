package dev.cto.costs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A run of one command builds only that command, and says exactly what the whole tree would. */
class MainCommandTreeTest {

  @TempDir Path tmp;

  @Test
  void oneCommandUnderCostsBuildsOnlyThatCommand() {
    CommandLine costs = Main.commandLine(new String[] {"costs", "import", "claude-code", "x"})
        .getSubcommands().get("costs");

    assertThat(costs.getSubcommands().keySet()).containsExactly("import");
    assertThat(costs.getSubcommands().get("import").getSubcommands().keySet()).containsExactly("claude-code");
  }

  @Test
  void aCommandWithSubcommandsNamedAloneGetsAllOfThem() {
    for (String[] args : new String[][] {{"costs", "import"}, {"costs", "import", "--help"},
        {"costs", "import", "claud-code"}, {"costs", "import", "help", "codex"}}) {
      CommandLine costs = Main.commandLine(args).getSubcommands().get("costs");
      assertThat(costs.getSubcommands().keySet()).as(String.join(" ", args)).containsExactly("import");
      assertThat(costs.getSubcommands().get("import").getSubcommands().keySet()).as(String.join(" ", args))
          .containsExactly("claude-code", "codex", "help");
    }
    assertThat(Main.commandLine(new String[] {"costs", "help"}).getSubcommands().get("costs").getSubcommands()
        .get("import").getSubcommands()).hasSize(3);
  }

  @Test
  void helpAndAnythingUnknownGetTheWholeTree() {
    for (String[] args : new String[][] {{}, {"costs"}, {"costs", "help", "show"}, {"costs", "shw"},
        {"costs", "--help"}, {"help", "costs"}, {"--version"}}) {
      assertThat(Main.commandLine(args).getSubcommands().get("costs").getSubcommands())
          .as(String.join(" ", args)).hasSize(CostsCommand.SUBCOMMANDS.size() + 1);
    }
    assertThat(Main.commandLine().getSubcommands().get("costs").getSubcommands().keySet())
        .startsWith("demo", "record").endsWith("mcp", "completion", "help");
  }

  /** Each line runs through the lazy tree and the whole one: same exit code, same output. */
  @ParameterizedTest
  @ValueSource(strings = {
      "costs import claude-code --help",
      "costs import codex --help",
      "costs import help claude-code",
      "costs import --help",
      "costs import",
      "costs import claud-code",
      "costs import claude-code --bogus",
      "costs import claude-code --settle -1 DIR",
      "costs import claude-code --settle x DIR",
      "costs import claude-code --dry-run --json DIR/missing",
      "costs import codex --watch --dry-run DIR",
      "costs show --help",
      "costs show --pr",
      "costs summary --format nope",
      "costs pricing",
      "costs pricing list --help",
      "costs demo extra",
      "costs show --bogus --pr 1",
      "costs",
      "costs shw",
      "costs help import",
  })
  void theLazyTreeSaysWhatTheWholeTreeSays(String line) {
    String[] args = line.replace("DIR", tmp.toString()).split(" ");

    CliRun lazy = CliRun.cliAsLaunched(args);
    CliRun whole = CliRun.cli(args);

    assertThat(lazy).isEqualTo(whole);
    assertThat(lazy.out() + lazy.err()).isNotBlank();
  }
}
