package dev.cto.costs.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The records' wire form (docs/record-format.md) and the sink's options. */
class WireFormatTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void everyFieldTravelsUnderItsSnakeCaseNameOneRecordPerLine() throws Exception {
    UsageRecord full = new UsageRecord("msg_1", new Attribution("5dlabs/cto", 42L, "rex", "code", 3, "t-1"), "claude",
        "claude-sonnet-4-5", "anthropic", new TokenCounts(10, 20, 30, 5, 40), "sess-1", "msg_1",
        Instant.parse("2026-09-03T10:15:30.250Z"), CostInterceptor.SOURCE);
    UsageRecord minimal = new UsageRecord("u-2", new Attribution(null, null, "morgan", "intake", 1, null), null, "m", null,
        TokenCounts.of(1, 2), null, null, Instant.parse("2026-09-03T10:00:00Z"), CostInterceptor.SOURCE);

    List<String> lines = new String(UsageJson.ndjson(List.of(full, minimal)), StandardCharsets.UTF_8).lines().toList();

    assertThat(lines).hasSize(2);
    assertThat(JSON.readTree(lines.get(0))).isEqualTo(JSON.readTree("""
        {"id":"msg_1","repository":"5dlabs/cto","pr_number":42,"agent":"rex","cli":"claude",
         "model":"claude-sonnet-4-5","provider":"anthropic","input_tokens":10,"output_tokens":20,
         "cache_creation_input_tokens":35,"cache_creation_1h_input_tokens":5,"cache_read_input_tokens":40,
         "stage":"code","iteration":3,"task_id":"t-1","session_id":"sess-1","request_id":"msg_1",
         "timestamp":"2026-09-03T10:15:30.250Z"}"""));
    JsonNode second = JSON.readTree(lines.get(1));
    assertThat(second).isEqualTo(JSON.readTree("""
        {"id":"u-2","agent":"morgan","model":"m","input_tokens":1,"output_tokens":2,
         "cache_creation_input_tokens":0,"cache_read_input_tokens":0,"stage":"intake","iteration":1,
         "timestamp":"2026-09-03T10:00:00Z"}"""));
  }

  @Test
  void optionsNeverPrintTheTokenAndFindTheIngestEndpoint() {
    RemoteSinkOptions options = RemoteSinkOptions.forCollector("http://costs:8080/").withBearerToken("s3cret");

    assertThat(options.toString()).doesNotContain("s3cret").contains("bearerToken=***");
    assertThat(RemoteSinkOptions.forCollector("https://ci:hunter2@costs.example:8443/base?x=1").toString())
        .doesNotContain("hunter2").contains("collector=https://costs.example:8443/base,");
    assertThat(options.ingestEndpoint()).isEqualTo(URI.create("http://costs:8080/v1/usage"));
    assertThat(RemoteSinkOptions.forCollector("https://x.example/costs").ingestEndpoint())
        .isEqualTo(URI.create("https://x.example/costs/v1/usage"));
    assertThatThrownBy(() -> RemoteSinkOptions.forCollector("costs:8080"))
        .hasMessage("collector must be an http:// or https:// URL, was costs:8080");
    assertThatThrownBy(() -> options.withBatching(0, options.linger())).hasMessage("batchSize must be >= 1, was 0");
  }
}
