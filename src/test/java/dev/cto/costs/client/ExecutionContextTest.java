package dev.cto.costs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cto.costs.domain.Attribution;
import org.junit.jupiter.api.Test;

class ExecutionContextTest {

  /** A fresh builder each time: builders are mutable. */
  private static ExecutionContext.Builder rex() {
    return ExecutionContext.builder().agent("rex").stage("code");
  }

  @Test
  void theBuilderDefaultsIterationToOneAndLeavesOptionalFieldsEmpty() {
    ExecutionContext c = rex().build();

    assertThat(c.iteration()).isEqualTo(1);
    assertThat(c.attribution()).isEqualTo(new Attribution(null, null, "rex", "code", 1, null));
  }

  @Test
  void withersChangeOneFieldAndKeepTheRest() {
    ExecutionContext c = rex().cli("codex").taskId("t1").build().withPr("5dlabs/cto", 7).withIteration(4).withStage("qa");

    assertThat(c).isEqualTo(new ExecutionContext("5dlabs/cto", 7L, "rex", "qa", 4, "t1", "codex"));
  }

  @Test
  void missingOrOutOfRangeFieldsAreNamedInTheMessage() {
    assertThatThrownBy(() -> ExecutionContext.builder().stage("code").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("agent: is required");
    assertThatThrownBy(() -> rex().stage(" ").build()).hasMessage("stage: must not be empty");
    assertThatThrownBy(() -> rex().iteration(0).build())
        .hasMessage("iteration: must be an integer >= 1, was 0");
    assertThatThrownBy(() -> rex().build().withPr("5dlabs/cto", 0)).hasMessage("pr_number: must be an integer >= 1, was 0");
    assertThatThrownBy(() -> rex().repository("cto").build())
        .hasMessage("repository: must look like owner/name, was \"cto\"");
    assertThatThrownBy(() -> rex().build().withAgent("a".repeat(101)))
        .hasMessage("agent: must be at most 100 characters, was 101");
  }
}
