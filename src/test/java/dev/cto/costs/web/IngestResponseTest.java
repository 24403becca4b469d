package dev.cto.costs.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.collect.IngestResult;
import dev.cto.costs.domain.Usd;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class IngestResponseTest {

  @Test
  void theAcknowledgementIsCompactExactAndNeverInScientificNotation() throws Exception {
    IngestResult result = new IngestResult(1, 1, List.of(
        new IngestResult.RecordOutcome("a\"1", "m", Usd.ofNanos(1), true, false),
        new IngestResult.RecordOutcome("b", "x", Usd.ZERO, false, true)));

    String text = new String(IngestResponse.bytes(result), StandardCharsets.UTF_8);
    JsonNode json = new ObjectMapper().readTree(text);

    assertThat(text).doesNotContain("E-").doesNotContain("\n");
    assertThat(json.get("accepted").asInt()).isEqualTo(1);
    assertThat(json.get("duplicates").asInt()).isEqualTo(1);
    assertThat(json.get("records").get(0).get("id").asText()).isEqualTo("a\"1");
    assertThat(json.get("records").get(0).get("cost_usd").decimalValue()).isEqualByComparingTo("0.000000001");
    assertThat(json.get("records").get(1).get("priced").asBoolean()).isFalse();
    assertThat(json.get("records").get(1).get("duplicate").asBoolean()).isTrue();
  }
}
