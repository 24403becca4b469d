package dev.cto.costs.web.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class AgentPathTest {

  @Test
  void plainNamesAreAPathSegmentAndEveryOtherNameGoesInTheQuery() {
    assertThat(AgentPath.of("rex")).isEqualTo("/agents/rex");
    assertThat(AgentPath.of("claude-code@v2.1")).isEqualTo("/agents/claude-code@v2.1");
    // a slash, markup, a space, a dot segment or the placeholder itself would be misread in a path
    assertThat(AgentPath.of("team/rex")).isEqualTo("/agents/-?agent=team%2Frex");
    assertThat(AgentPath.of("<b>x</b>")).isEqualTo("/agents/-?agent=%3Cb%3Ex%3C%2Fb%3E");
    assertThat(AgentPath.of("two words")).isEqualTo("/agents/-?agent=two%20words");
    assertThat(AgentPath.of("..")).isEqualTo("/agents/-?agent=..");
    assertThat(AgentPath.of("-")).isEqualTo("/agents/-?agent=-");
  }

  @Test
  void thePageReadsBackTheNameItWasLinkedWith() {
    for (String name : List.of("rex", "team/rex", "<script>alert(1)</script>", "-", "..", "a?b#c")) {
      String link = AgentPath.of(name);
      String segment = link.substring("/agents/".length()).replaceAll("\\?.*", "");
      String query = link.contains("?agent=")
          ? java.net.URLDecoder.decode(link.substring(link.indexOf("?agent=") + 7), java.nio.charset.StandardCharsets.UTF_8) : null;
      assertThat(AgentPath.agent(segment, query)).as(link).isEqualTo(name);
    }
    assertThatThrownBy(() -> AgentPath.agent("-", null)).hasMessageStartingWith("agent:");
  }
}
