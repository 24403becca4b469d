package dev.cto.costs.capture.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.domain.Attribution;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Rules from the cost config charge sessions to PRs; flags win; unmatched sessions keep the CLI as agent. */
class AttributionRuleTest {

  static final String CONFIG = """
      {"attribution": {"rules": [
        {"match": {"gitBranch": "^task-(\\\\d+)$", "cwd": "/code/(?<repo>[\\\\w-]+)$"},
         "set": {"repository": "5dlabs/${repo}", "pr": "$1", "agent": "rex", "stage": "code", "iteration": "2"}},
        {"match": {"project": "service"}, "set": {"agent": "blaze"}}
      ]}}""";

  final List<AttributionRule> rules = parse(CONFIG);

  @Test
  void captureGroupsFillTheFields() {
    Attribution a = new Attributor(AttributionFields.NONE, rules).attribute(session("/home/dev/code/cto-costs", "task-42", "x"));

    assertThat(a).isEqualTo(new Attribution("5dlabs/cto-costs", 42L, "rex", "code", 2, null));
  }

  @Test
  void theFirstMatchingRuleWinsAndFlagsOverrideIt() {
    AttributionFields flags = new AttributionFields(null, 7L, null, "review", null);
    Attribution second = new Attributor(AttributionFields.NONE, rules).attribute(session("/tmp", "main", "-service-01"));
    Attribution flagged = new Attributor(flags, rules).attribute(session("/home/dev/code/cto-costs", "task-42", "x"));

    assertThat(second).isEqualTo(new Attribution(null, null, "blaze", "unknown", 1, null));
    assertThat(flagged).isEqualTo(new Attribution("5dlabs/cto-costs", 7L, "rex", "review", 2, null));
  }

  @Test
  void unmatchedSessionsAreChargedToTheCliWithoutAPr() {
    Attribution a = new Attributor(AttributionFields.NONE, rules).attribute(session("/tmp", "main", "other"));

    assertThat(a).isEqualTo(new Attribution(null, null, "claude-code", "unknown", 1, null));
  }

  @Test
  void aCapturedPrThatIsNotAPositiveNumberLeavesThePrUnset() {
    List<AttributionRule> zero = parse("{\"attribution\":{\"rules\":[{\"match\":{\"gitBranch\":\"task-(\\\\w+)\"},"
        + "\"set\":{\"pr\":\"$1\",\"agent\":\"rex\"}}]}}");
    Attributor attributor = new Attributor(AttributionFields.NONE, zero);

    assertThat(attributor.attribute(session("/x", "task-0", "p")).prNumber()).isNull();
    assertThat(attributor.attribute(session("/x", "task-abc", "p")))
        .isEqualTo(new Attribution(null, null, "rex", "unknown", 1, null));
  }

  @Test
  void unknownFieldsInARuleAreRejected() {
    assertThatThrownBy(() -> parse("{\"attribution\":{\"rules\":[{\"match\":{\"branch\":\"x\"}}]}}"))
        .hasMessageContaining("unknown match field 'branch'");
  }

  private static SessionContext session(String cwd, String branch, String project) {
    return new SessionContext("claude-code", "s-1", cwd, branch, project);
  }

  private static List<AttributionRule> parse(String json) {
    try {
      return AttributionRule.fromConfig(new ObjectMapper().readTree(json));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
