package dev.cto.costs.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What agents actually send: numbers as numbers or strings, lists as arrays or text, explicit nulls. */
class ToolArgumentsTest {

  private static ToolArguments args(Object... pairs) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], pairs[i + 1]);
    }
    return new ToolArguments(m);
  }

  @Test
  void numbersMayArriveAsJsonNumbersOrStrings() {
    assertThat(args("pr", 123).positive("pr")).isEqualTo(123L);
    assertThat(args("pr", 123L).positive("pr")).isEqualTo(123L);
    assertThat(args("pr", 123.0).positive("pr")).isEqualTo(123L);
    assertThat(args("pr", " 123 ").positive("pr")).isEqualTo(123L);
    assertThat(args("pr", null).positive("pr")).isNull();
    assertThat(args().positive("pr")).isNull();
  }

  @Test
  void aNumberThatIsNotAPositiveWholeNumberNamesTheArgument() {
    for (Object bad : List.of(0, -1, 1.5, "abc", "1e400", true, List.of(1))) {
      assertThatThrownBy(() -> args("pr", bad).positive("pr"))
          .isInstanceOf(ToolArgumentException.class)
          .hasMessageStartingWith("pr must be a positive integer, was ");
    }
    assertThatThrownBy(() -> args("pr", "abc").positive("pr")).hasMessage("pr must be a positive integer, was 'abc'");
  }

  @Test
  void listsMayArriveAsArraysOrText() {
    assertThat(args("compare", List.of(120, 121)).positives("compare")).containsExactly(120L, 121L);
    assertThat(args("compare", "120, 121").positives("compare")).containsExactly(120L, 121L);
    assertThat(args("compare", "[120,121]").positives("compare")).containsExactly(120L, 121L);
    assertThat(args("compare", 7).positives("compare")).containsExactly(7L);
    assertThatThrownBy(() -> args("compare", List.of(1, 1)).positives("compare")).hasMessage("compare lists PR 1 twice");
    assertThatThrownBy(() -> args("compare", List.of()).positives("compare")).hasMessageContaining("at least one");
    assertThatThrownBy(() -> args("compare", "[1,x]").positives("compare"))
        .hasMessage("compare must be a list of positive integers (PR numbers), had 'x'");
  }

  @Test
  void flagsStringsAndUnknownArguments() {
    assertThat(args("detailed", true).flag("detailed")).isTrue();
    assertThat(args("detailed", "TRUE").flag("detailed")).isTrue();
    assertThat(args().flag("detailed")).isFalse();
    assertThatThrownBy(() -> args("detailed", "yes").flag("detailed")).hasMessage("detailed must be true or false, was 'yes'");
    assertThat(args("agent", "  rex ").string("agent")).isEqualTo("rex");
    assertThat(args("agent", " ").string("agent")).isNull();
    assertThatThrownBy(() -> args("agent", 5).string("agent")).hasMessage("agent must be a string, was 5");
    assertThatThrownBy(() -> args("pr", 1, "prs", 2).rejectUnknown(Set.of("pr", "agent")))
        .hasMessage("unknown argument 'prs' (known: agent, pr)");
  }
}
