package dev.cto.costs.capture.otlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.resource.v1.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The mapping rules one by one, on messages built with the generated classes. */
class OtlpMappingTest {

  private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
  private final OtlpReceiver receiver = new OtlpReceiver(Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void theEventNameFieldOfNewerSdksIsEnoughAndNumbersMayBeWholeDoublesOrText() {
    LogRecord log = LogRecord.newBuilder().setEventName("claude_code.api_request")
        .addAttributes(text("model", "claude-opus-4-1"))
        .addAttributes(kv("input_tokens", AnyValue.newBuilder().setDoubleValue(12.0)))
        .addAttributes(text("output_tokens", " 7 "))
        .build();

    UsageRecord r = only(map(resource(), log));

    assertThat(r.tokens()).isEqualTo(new TokenCounts(12, 7, 0, 0, 0));
    assertThat(r.timestamp()).as("no time in the event: received now").isEqualTo(NOW);
    assertThat(r.source()).isEqualTo("otlp");
    assertThat(r.id()).startsWith("otlp-");
  }

  @Test
  void theHashIdIsTheSameForTheSameEventAndDiffersForAnother() {
    LogRecord one = apiRequest().setTimeUnixNano(1).build();
    LogRecord two = apiRequest().setTimeUnixNano(2).build();
    assertThat(only(map(resource(), one)).id()).isEqualTo(only(map(resource(), one)).id())
        .isNotEqualTo(only(map(resource(), two)).id());
  }

  @Test
  void badValuesRejectTheEventAndNameTheAttribute() {
    assertThat(map(resource(), apiRequest().addAttributes(text("output_tokens", "7.5")).build()).problem())
        .contains("output_tokens must be a whole number, was '7.5'");
    assertThat(map(resource(), apiRequest().addAttributes(kv("cache_read_tokens", AnyValue.newBuilder().setIntValue(-1))).build()).problem())
        .contains("cache_read_tokens must be >= 0");
    LogsBatch badPr = map(resource(text("cto.pr", "abc")), apiRequest().build());
    assertThat(badPr.rejected()).isEqualTo(1);
    assertThat(badPr.problem()).contains("cto.pr must be a whole number");
    LogRecord codex = LogRecord.newBuilder().addAttributes(text("event.name", "codex.sse_event"))
        .addAttributes(text("event.kind", "response.completed")).addAttributes(text("model", "gpt-5"))
        .addAttributes(text("input_token_count", "5")).addAttributes(text("cached_token_count", "6")).build();
    assertThat(map(resource(), codex).problem()).contains("cached_token_count 6 is more than input_token_count 5");
  }

  @Test
  void otherEventsAndOtherCodexKindsAreIgnored() {
    LogRecord prompt = LogRecord.newBuilder().setBody(AnyValue.newBuilder().setStringValue("claude_code.user_prompt"))
        .addAttributes(text("event.name", "user_prompt")).build();
    LogRecord delta = LogRecord.newBuilder().addAttributes(text("event.name", "codex.sse_event"))
        .addAttributes(text("event.kind", "response.output_text.delta")).build();
    LogsBatch batch = map(resource(), prompt, delta);
    assertThat(batch.records()).isEmpty();
    assertThat(batch.rejected()).isZero();
  }

  @Test
  void jsonIdsAreHexAsOtlpSaysAndBadHexIsNamed() {
    String json = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\","
        + "\"spanId\":\"eee19b7ec3c1b174\",\"eventName\":\"claude_code.api_request\","
        + "\"attributes\":[{\"key\":\"model\",\"value\":{\"stringValue\":\"m\"}}]}]}]}]}";
    ExportLogsServiceRequest parsed = OtlpCodec.decode(json.getBytes(StandardCharsets.UTF_8), OtlpEncoding.JSON,
        ExportLogsServiceRequest.getDefaultInstance());
    LogRecord log = parsed.getResourceLogs(0).getScopeLogs(0).getLogRecords(0);
    assertThat(java.util.HexFormat.of().formatHex(log.getTraceId().toByteArray())).isEqualTo("5b8efff798038103d269b633813fc60c");

    assertThatThrownBy(() -> receiver.logs("{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"spanId\":\"xyz\"}]}]}]}"
        .getBytes(StandardCharsets.UTF_8), OtlpEncoding.JSON))
        .isInstanceOf(OtlpFormatException.class).hasMessageContaining("spanId 'xyz' is not hex");
  }

  @Test
  void contentTypesMapToEncodings() {
    assertThat(OtlpEncoding.of("application/x-protobuf")).isEqualTo(OtlpEncoding.PROTOBUF);
    assertThat(OtlpEncoding.of("Application/JSON; charset=utf-8")).isEqualTo(OtlpEncoding.JSON);
    assertThat(OtlpEncoding.of("text/plain")).isNull();
    assertThat(OtlpEncoding.of(null)).isNull();
  }

  private LogsBatch map(Resource resource, LogRecord... logs) {
    ExportLogsServiceRequest request = ExportLogsServiceRequest.newBuilder().addResourceLogs(ResourceLogs.newBuilder()
        .setResource(resource).addScopeLogs(ScopeLogs.newBuilder().addAllLogRecords(java.util.List.of(logs)))).build();
    return receiver.logs(request.toByteArray(), OtlpEncoding.PROTOBUF);
  }

  private static UsageRecord only(LogsBatch batch) {
    assertThat(batch.rejected()).as(batch.problem()).isZero();
    assertThat(batch.records()).hasSize(1);
    return batch.records().get(0);
  }

  private static LogRecord.Builder apiRequest() {
    return LogRecord.newBuilder().setBody(AnyValue.newBuilder().setStringValue("claude_code.api_request"))
        .addAttributes(text("model", "claude-sonnet-4-5")).addAttributes(text("input_tokens", "3"));
  }

  private static Resource resource(KeyValue... attributes) {
    return Resource.newBuilder().addAllAttributes(java.util.List.of(attributes)).build();
  }

  private static KeyValue text(String key, String value) {
    return kv(key, AnyValue.newBuilder().setStringValue(value));
  }

  private static KeyValue kv(String key, AnyValue.Builder value) {
    return KeyValue.newBuilder().setKey(key).setValue(value).build();
  }
}
