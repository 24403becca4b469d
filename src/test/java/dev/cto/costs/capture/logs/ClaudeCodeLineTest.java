package dev.cto.costs.capture.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The reader reuses a line's values for the next line only when they are really equal: a value
 * of the same length but other characters (another branch, session or response) is read afresh.
 */
class ClaudeCodeLineTest {

  final ClaudeCodeLine reader = new ClaudeCodeLine("-home-dev-code-service-01");

  @Test
  void valuesOfTheSameLengthThatDifferAreNotTakenFromTheLineBefore() throws Exception {
    LogCall first = parse(ClaudeLines.assistant("msg_a", "req_a", 1, 2, 0, 0, 0));
    LogCall second = parse(ClaudeLines.assistant("msg_b", "req_b", 1, 3, 0, 0, 0)
        .replace("\"s-1\"", "\"s-2\"").replace("task-42", "task-43").replace("service-01", "service-02")
        .replace("claude-sonnet-4-5-20250929", "claude-sonnet-4-5-20250930"));

    assertThat(second.id()).isEqualTo("msg_b");
    assertThat(second.requestId()).isEqualTo("req_b");
    assertThat(second.model()).isEqualTo("claude-sonnet-4-5-20250930");
    assertThat(second.context().sessionId()).isEqualTo("s-2");
    assertThat(second.context().gitBranch()).isEqualTo("task-43");
    assertThat(second.context().cwd()).isEqualTo("/home/dev/code/service-02");
    assertThat(first.context().gitBranch()).isEqualTo("task-42");
  }

  @Test
  void copiesOfOneResponseShareTheirValuesAndContext() throws Exception {
    LogCall first = parse(ClaudeLines.assistant("msg_a", "req_a", 1, 2, 0, 0, 0));
    LogCall copy = parse(ClaudeLines.assistant("msg_a", "req_a", 1, 5, 0, 0, 0));

    assertThat(copy.id()).isSameAs(first.id());
    assertThat(copy.requestId()).isSameAs(first.requestId());
    assertThat(copy.context()).isSameAs(first.context());
    assertThat(copy.tokens().output()).isEqualTo(5);
  }

  @Test
  void aLineWithoutAValueDoesNotInheritTheOneBefore() throws Exception {
    parse(ClaudeLines.assistant("msg_a", "req_a", 1, 2, 0, 0, 0));
    LogCall noBranch = parse(ClaudeLines.assistant("msg_b", "req_b", 1, 2, 0, 0, 0)
        .replace(",\"gitBranch\":\"task-42\"", "").replace("\"requestId\":\"req_b\",", ""));

    assertThat(noBranch.context().gitBranch()).isNull();
    assertThat(noBranch.requestId()).isNull();
  }

  private LogCall parse(String line) throws BadLineException {
    byte[] bytes = ("  " + line.strip() + "  ").getBytes(StandardCharsets.UTF_8);
    return reader.parse(bytes, 2, bytes.length - 4); // a slice inside a larger buffer, as the file reader hands it over
  }
}
