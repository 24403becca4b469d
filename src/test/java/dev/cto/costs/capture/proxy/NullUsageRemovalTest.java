package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * With include_usage every OpenAI chunk carries {@code "usage": null}; a client that did not ask
 * must get the chunk without it, every other character as sent.
 */
class NullUsageRemovalTest {

  @Test
  void theTopLevelNullUsageGoesAndNothingElseChanges() {
    assertThat(UsageChunkFilter.withoutNullUsage("data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"é\"}}],\"usage\":null}\n\n"))
        .isEqualTo("data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\"é\"}}]}\n\n");
    assertThat(UsageChunkFilter.withoutNullUsage("data: {\"id\":\"c\", \"usage\": null, \"choices\":[]}\r\n\r\n"))
        .isEqualTo("data: {\"id\":\"c\", \"choices\":[]}\r\n\r\n");
    assertThat(UsageChunkFilter.withoutNullUsage("data:{\"usage\":null,\"id\":\"c\"}\n\n"))
        .isEqualTo("data:{\"id\":\"c\"}\n\n");
  }

  @Test
  void everythingElseIsLeftAlone() {
    String[] kept = {
      "data: {\"id\":\"c\",\"choices\":[],\"usage\":{\"prompt_tokens\":1}}\n\n",
      "data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"usage\":null}}]}\n\n",
      "data: {\"id\":\"c\",\"choices\":[{\"delta\":{\"content\":\",\\\"usage\\\":null\"}}]}\n\n",
      "data: [DONE]\n\n",
      "event: x\ndata: {\"usage\":null}\n\n",
      ": keep-alive comment\n\n",
    };
    for (String event : kept) {
      assertThat(UsageChunkFilter.withoutNullUsage(event)).isEqualTo(event);
    }
  }
}
