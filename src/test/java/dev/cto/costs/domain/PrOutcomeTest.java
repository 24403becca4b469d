package dev.cto.costs.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cto.costs.domain.PrOutcome.State;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class PrOutcomeTest {

  private static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

  private static void refused(ThrowingCallable build, String field, String reason) {
    assertThatThrownBy(build).isInstanceOfSatisfying(InvalidRecordException.class, e -> {
      assertThat(e.field()).isEqualTo(field);
      assertThat(e.reason()).contains(reason);
    });
  }

  @Test
  void aValidOutcomeKeepsItsFieldsAndCountsChangedLines() {
    PrOutcome o = new PrOutcome("5dlabs/cto", 42, State.MERGED, T, T, 120, 30, T, T);
    assertThat(o.changedLines()).isEqualTo(150);
    assertThat(o.state().wireName()).isEqualTo("merged");
  }

  @Test
  void theRepositoryFollowsTheRecordRules() {
    refused(() -> new PrOutcome(null, 1, State.OPEN, null, null, 0, 0, T, T), "repository", "is required");
    refused(() -> new PrOutcome("no-slash", 1, State.OPEN, null, null, 0, 0, T, T), "repository", "owner/name");
    refused(() -> new PrOutcome("o/r\u001b[31m", 1, State.OPEN, null, null, 0, 0, T, T), "repository", "control");
  }

  @Test
  void countsAndNumbersAreInRange() {
    refused(() -> new PrOutcome("o/r", 0, State.OPEN, null, null, 0, 0, T, T), "pr_number", ">= 1, was 0");
    refused(() -> new PrOutcome("o/r", 1, State.OPEN, null, null, -1, 0, T, T), "additions", "was -1");
    refused(() -> new PrOutcome("o/r", 1, State.OPEN, null, null, 0, -5, T, T), "deletions", "was -5");
  }

  @Test
  void mergedAtIsPresentExactlyWhenMerged() {
    refused(() -> new PrOutcome("o/r", 1, State.MERGED, null, T, 0, 0, T, T), "merged_at", "required when");
    refused(() -> new PrOutcome("o/r", 1, State.CLOSED, T, T, 0, 0, T, T), "merged_at", "state was closed");
    refused(() -> new PrOutcome("o/r", 1, State.OPEN, T, null, 0, 0, T, T), "merged_at", "state was open");
  }

  @Test
  void stateAndTimesAreRequired() {
    refused(() -> new PrOutcome("o/r", 1, null, null, null, 0, 0, T, T), "state", "is required");
    refused(() -> new PrOutcome("o/r", 1, State.OPEN, null, null, 0, 0, null, T), "updated_at", "is required");
    refused(() -> new PrOutcome("o/r", 1, State.OPEN, null, null, 0, 0, T, null), "synced_at", "is required");
  }

  @Test
  void stateWireNamesParseBackAndOthersAreNamed() {
    for (State s : State.values()) {
      assertThat(State.ofWireName(s.wireName())).isEqualTo(s);
    }
    refused(() -> State.ofWireName("draft"), "state", "must be open, closed or merged, was \"draft\"");
  }
}
