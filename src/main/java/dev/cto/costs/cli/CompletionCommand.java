package dev.cto.costs.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description = "Print a shell completion script for cto-cli (commands, options, enum values).",
    footer = {
      "",
      "The script is picocli's generated bash completion; zsh runs it through bashcompinit.",
      "",
      "Examples:",
      "  source <(cto-cli costs completion bash)                       this shell only",
      "  cto-cli costs completion bash > ~/.local/share/bash-completion/completions/cto-cli",
      "  echo 'source <(cto-cli costs completion zsh)' >> ~/.zshrc"
    })
final class CompletionCommand implements Callable<Integer> {

  enum Shell { BASH, ZSH }

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "SHELL", description = "bash or zsh.")
  Shell shell;

  @Override
  public Integer call() {
    // the whole tree, whatever this run built: completion must know every command
    String script = AutoComplete.bash("cto-cli", Main.commandLine());
    // the same script for both: under zsh it loads bashcompinit itself
    spec.commandLine().getOut().print(script);
    spec.commandLine().getOut().flush();
    return 0;
  }
}
