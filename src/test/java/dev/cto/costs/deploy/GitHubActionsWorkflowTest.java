package dev.cto.costs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cto.costs.cli.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The GitHub Actions workflow of docs/integrations/github-actions.md: it asks for the permission the
 * comment needs, and the command it runs is one the CLI accepts (with the step's environment filled
 * in); its script is valid bash, turns "no cost data" into a notice, and takes no expression into a
 * script: inputs arrive as environment variables and are checked before use.
 */
class GitHubActionsWorkflowTest {

  private static final Path WORKFLOW = Path.of("deploy/github-actions/cto-costs-pr-comment.yml");

  private static JsonNode workflow() throws Exception {
    return new ObjectMapper(new YAMLFactory()).readTree(WORKFLOW.toFile());
  }

  private static String script() throws Exception {
    return commentStep().get("run").asText();
  }

  private static JsonNode commentStep() throws Exception {
    for (JsonNode step : workflow().get("jobs").get("comment").get("steps")) {
      if (step.has("run") && step.get("run").asText().contains("costs comment")) {
        return step;
      }
    }
    throw new AssertionError("no step runs `costs comment`");
  }

  /** The command line as bash sees it on a pull_request event, the quoted variables filled in. */
  private static String substituted(String text) {
    return text.replace("\"$PR\"", "42").replace("\"$REPOSITORY\"", "5dlabs/cto");
  }

  /**
   * GitHub pastes an expression into a {@code run:} script before bash parses it: a workflow_dispatch
   * input or anything from the event (a branch name, a PR title) there is a script injection.
   */
  @Test
  void noRunScriptContainsAnExpressionAndTheInputsComeThroughTheEnvironment() throws Exception {
    JsonNode w = workflow();
    int scripts = 0;
    for (JsonNode job : w.get("jobs")) {
      for (JsonNode step : job.get("steps")) {
        if (step.has("run")) {
          scripts++;
          String run = step.get("run").asText();
          assertThat(run).as(step.toString()).doesNotContain("${{").doesNotContain("inputs.").doesNotContain("github.event");
        }
      }
    }
    assertThat(scripts).isGreaterThanOrEqualTo(2);
    JsonNode env = commentStep().get("env");
    assertThat(env.get("PR").asText()).isEqualTo("${{ github.event.pull_request.number || inputs.pr }}");
    assertThat(env.get("REPOSITORY").asText()).isEqualTo("${{ github.repository }}");
    assertThat(w.get("on").get("workflow_dispatch").get("inputs").get("pr").get("type").asText()).isEqualTo("number");
    // every pom of the build keys the Maven cache
    String cacheKey = w.get("jobs").get("comment").get("steps").findValue("cache-dependency-path").asText();
    assertThat(cacheKey).contains("cto-costs/**/pom.xml").contains("cto-costs/server-pom.xml");
  }

  /** The checks run before java: a value that is not a PR number or owner/name never reaches a command. */
  @Test
  void anInjectedInputIsRefusedBeforeAnythingRuns(@TempDir Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/bash\ntouch \"$MARK\"\n");
    java.toFile().setExecutable(true);
    String script = script();
    Path mark = dir.resolve("java-ran");
    Path pwned = dir.resolve("pwned");
    for (String[] input : new String[][] {
        {"42; touch " + pwned, "5dlabs/cto"}, {"$(touch " + pwned + ")", "5dlabs/cto"}, {"42\n::set-output x", "5dlabs/cto"},
        {"0", "5dlabs/cto"}, {"", "5dlabs/cto"}, {"42", "5dlabs/cto; touch " + pwned}, {"42", "a/b/c"}}) {
      ProcessBuilder bash = new ProcessBuilder("bash", "-e", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
      bash.environment().put("PATH", bin + ":/usr/bin:/bin");
      bash.environment().put("MARK", mark.toString());
      bash.environment().put("PR", input[0]);
      bash.environment().put("REPOSITORY", input[1]);
      Process p = bash.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("%s -> %s", String.join(" | ", input), out).isEqualTo(2);
      assertThat(out).startsWith("::error::").doesNotContain("touch"); // the value is not echoed into a workflow command
      assertThat(mark).as("java ran for %s", String.join(" | ", input)).doesNotExist();
      assertThat(pwned).doesNotExist();
    }
  }

  @Test
  void itMayWriteToPullRequestsAndRunsOnTheirEvents() throws Exception {
    JsonNode w = workflow();
    assertThat(w.get("permissions").get("pull-requests").asText()).isEqualTo("write");
    assertThat(w.get("on").get("pull_request").get("types").toString()).contains("opened").contains("synchronize");
    assertThat(w.get("jobs").get("comment").get("steps").toString()).contains("secrets.GITHUB_TOKEN")
        .contains("secrets.COST_DB_URL");
  }

  @Test
  void theCommandItRunsIsOneTheCliAccepts() throws Exception {
    String script = substituted(script());
    assertThat(script).doesNotContain("${{");
    Matcher m = Pattern.compile("cto-costs\\.jar (costs comment [^\\n]*?) 2>&1").matcher(script);
    assertThat(m.find()).as(script).isTrue();
    List<String> args = Arrays.asList(m.group(1).split(" "));
    CommandLine.ParseResult parsed = Main.commandLine().parseArgs(args.toArray(String[]::new));
    CommandLine.ParseResult comment = parsed.subcommand().subcommand();
    assertThat(comment.commandSpec().name()).isEqualTo("comment");
    assertThat(comment.matchedOptionValue("--pr", 0L)).isEqualTo(42L);
    assertThat(comment.matchedOptionValue("--repo", "")).isEqualTo("5dlabs/cto");
  }

  /** The script with a stand-in for java that fails as the CLI does on a PR without usage. */
  @Test
  void aPrWithoutUsageIsANoticeAndOtherFailuresFailTheStep(@TempDir Path dir) throws Exception {
    Path bin = Files.createDirectories(dir.resolve("bin"));
    Path java = bin.resolve("java");
    Files.writeString(java, "#!/bin/bash\necho \"cto-cli: $FAKE_ERROR\" >&2\nexit \"$FAKE_CODE\"\n");
    java.toFile().setExecutable(true);
    String script = script();
    assertThat(run(dir, script, "no cost data for PR 42 in 5dlabs/cto", "1")).isZero();
    assertThat(run(dir, script, "GitHub answered 403: the token lacks pull-requests: write", "1")).isEqualTo(1);
    assertThat(run(dir, script, "--pr: bad", "2")).isEqualTo(2);
  }

  private static int run(Path dir, String script, String error, String code) throws Exception {
    ProcessBuilder bash = new ProcessBuilder("bash", "-e", "-c", script).directory(dir.toFile()).redirectErrorStream(true);
    bash.environment().put("PATH", dir.resolve("bin") + ":/usr/bin:/bin");
    bash.environment().put("FAKE_ERROR", error);
    bash.environment().put("FAKE_CODE", code);
    bash.environment().put("PR", "42");
    bash.environment().put("REPOSITORY", "5dlabs/cto");
    Process p = bash.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    if (error.startsWith("no cost data")) {
      assertThat(out).contains("::notice::no usage recorded for this PR yet");
    }
    return p.exitValue();
  }
}
