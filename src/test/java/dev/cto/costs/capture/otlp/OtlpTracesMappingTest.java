package dev.cto.costs.capture.otlp;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The GenAI semantic-convention table of docs/integrations/opentelemetry.md, row by row. */
class OtlpTracesMappingTest {

  private static final long END = 1_764_000_000_123_456_789L;
  private final OtlpReceiver receiver = new OtlpReceiver(Clock.systemUTC());

  @Test
  void currentConventionNamesWithCachedTokensSubtractedFromInput() {
    Span span = span("chat gpt-4o", 1).addAttributes(num("gen_ai.usage.input_tokens", 1000))
        .addAttributes(num("gen_ai.usage.output_tokens", 50))
        .addAttributes(num("gen_ai.usage.cache_read.input_tokens", 600))
        .addAttributes(num("gen_ai.usage.cache_creation.input_tokens", 100))
        .addAttributes(text("gen_ai.request.model", "gpt-4o"))
        .addAttributes(text("gen_ai.response.model", "gpt-4o-2024-08-06"))
        .addAttributes(text("gen_ai.provider.name", "openai"))
        .addAttributes(text("gen_ai.response.id", "chatcmpl-abc")).build();

    UsageRecord r = only(map(Resource.getDefaultInstance(), span));

    assertThat(r.tokens()).isEqualTo(new TokenCounts(300, 50, 100, 0, 600));
    assertThat(r.model()).as("the response model wins").isEqualTo("gpt-4o-2024-08-06");
    assertThat(r.provider()).isEqualTo("openai");
    assertThat(r.id()).isEqualTo("chatcmpl-abc");
    assertThat(r.timestamp()).isEqualTo(Instant.ofEpochSecond(1_764_000_000L, 123_456_789L));
    assertThat(r.source()).isEqualTo("otlp");
    assertThat(r.attribution()).isEqualTo(new Attribution(null, null, "unknown", "unknown", 1, null));
  }

  @Test
  void olderOpenLlmetryNamesRequestModelGenAiSystemAndATraceDerivedId() {
    Span span = span("anthropic.chat", 2).addAttributes(num("gen_ai.usage.prompt_tokens", 40))
        .addAttributes(num("gen_ai.usage.completion_tokens", 9))
        .addAttributes(text("gen_ai.request.model", "claude-sonnet-4-5"))
        .addAttributes(text("gen_ai.system", "anthropic")).build();

    UsageRecord r = only(map(Resource.getDefaultInstance(), span));

    assertThat(r.tokens()).isEqualTo(new TokenCounts(40, 9, 0, 0, 0));
    assertThat(r.model()).isEqualTo("claude-sonnet-4-5");
    assertThat(r.provider()).isEqualTo("anthropic");
    assertThat(r.id()).isEqualTo("otlp-" + "0a".repeat(16) + "-" + "0000000000000002");
    assertThat(only(map(Resource.getDefaultInstance(), span)).id()).as("a re-export is the same record").isEqualTo(r.id());
  }

  @Test
  void spanAttributionWinsOverTheResource() {
    Resource resource = Resource.newBuilder().addAttributes(text("cto.repository", "acme/shop"))
        .addAttributes(num("cto.pr", 7)).addAttributes(text("cto.agent", "rex"))
        .addAttributes(text("cto.stage", "plan")).build();
    Span span = usage(span("chat", 3)).addAttributes(text("cto.stage", "review"))
        .addAttributes(text("cto.iteration", "3")).build();

    assertThat(only(map(resource, span)).attribution())
        .isEqualTo(new Attribution("acme/shop", 7L, "rex", "review", 3, null));
  }

  @Test
  void spansWithoutUsageAreIgnoredNotRejected() {
    TracesBatch batch = map(Resource.getDefaultInstance(), span("tool call", 4)
        .addAttributes(text("gen_ai.request.model", "gpt-4o")).build());
    assertThat(batch.records()).isEmpty();
    assertThat(batch.rejected()).isZero();
  }

  @Test
  void badSpansAreRejectedAloneAndNamed() {
    Span tooManyCached = span("chat cached", 5).addAttributes(num("gen_ai.usage.input_tokens", 10))
        .addAttributes(num("gen_ai.usage.cache_read.input_tokens", 11))
        .addAttributes(text("gen_ai.request.model", "gpt-4o")).build();
    Span noModel = span("chat nomodel", 6).addAttributes(num("gen_ai.usage.output_tokens", 1)).build();
    Span badPr = usage(span("chat badpr", 7)).addAttributes(text("cto.pr", "0")).build();
    Span good = usage(span("chat good", 8)).build();

    TracesBatch batch = map(Resource.getDefaultInstance(), tooManyCached, noModel, badPr, good);

    assertThat(batch.records()).extracting(UsageRecord::id).containsExactly("otlp-" + "0a".repeat(16) + "-0000000000000008");
    assertThat(batch.rejected()).isEqualTo(3);
    assertThat(batch.problem())
        .contains("span 0000000000000005 'chat cached': cache tokens (11 read + 0 written) exceed gen_ai.usage.input_tokens 10")
        .contains("span 0000000000000006 'chat nomodel': no gen_ai.response.model or gen_ai.request.model")
        .contains("span 0000000000000007 'chat badpr': cto.pr must be >= 1");
  }

  /**
   * Spring AI's Anthropic spans (Micrometer tags, so every value is a string) carry Anthropic's own
   * input count, which excludes the cache: under Spring Boot's tracer scope that count is the
   * uncached input. The same numbers from another scope, or for another provider, still follow
   * the convention.
   */
  @Test
  void springAiAnthropicSpansUnderSpringsScopeCountTheCacheApartFromInput() {
    Span.Builder spring = span("chat claude-sonnet-4-5", 9)
        .addAttributes(text("gen_ai.system", "anthropic"))
        .addAttributes(text("gen_ai.response.model", "claude-sonnet-4-5-20250929"))
        .addAttributes(text("gen_ai.usage.input_tokens", "1021"))
        .addAttributes(text("gen_ai.usage.cache_read.input_tokens", "4041"))
        .addAttributes(text("gen_ai.usage.cache_creation.input_tokens", "3031"))
        .addAttributes(text("gen_ai.usage.output_tokens", "211"));

    UsageRecord r = only(map("org.springframework.boot", spring.build()));
    assertThat(r.tokens()).isEqualTo(new TokenCounts(1021, 211, 3031, 0, 4041));

    assertThat(map("dev.langchain4j", spring.build()).problem()).as("the convention elsewhere")
        .contains("cache tokens (4041 read + 3031 written) exceed gen_ai.usage.input_tokens 1021");
    Span openAi = span("chat gpt-4o", 10).addAttributes(text("gen_ai.system", "openai"))
        .addAttributes(text("gen_ai.request.model", "gpt-4o"))
        .addAttributes(text("gen_ai.usage.input_tokens", "2000"))
        .addAttributes(text("gen_ai.usage.cache_read.input_tokens", "1500"))
        .addAttributes(text("gen_ai.usage.output_tokens", "7")).build();
    assertThat(only(map("org.springframework.boot", openAi)).tokens()).as("Spring AI's OpenAI count includes the cache")
        .isEqualTo(new TokenCounts(500, 7, 0, 0, 1500));
  }

  private TracesBatch map(String scope, Span... spans) {
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(Resource.getDefaultInstance())
            .addScopeSpans(ScopeSpans.newBuilder().setScope(InstrumentationScope.newBuilder().setName(scope))
                .addAllSpans(List.of(spans)))).build();
    return receiver.traces(request.toByteArray(), OtlpEncoding.PROTOBUF);
  }

  private TracesBatch map(Resource resource, Span... spans) {
    ExportTraceServiceRequest request = ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(ResourceSpans.newBuilder().setResource(resource)
            .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans)))).build();
    return receiver.traces(request.toByteArray(), OtlpEncoding.PROTOBUF);
  }

  private static UsageRecord only(TracesBatch batch) {
    assertThat(batch.problem()).isEmpty();
    assertThat(batch.records()).hasSize(1);
    return batch.records().get(0);
  }

  private static Span.Builder usage(Span.Builder span) {
    return span.addAttributes(num("gen_ai.usage.input_tokens", 5)).addAttributes(num("gen_ai.usage.output_tokens", 2))
        .addAttributes(text("gen_ai.request.model", "gpt-4o"));
  }

  private static Span.Builder span(String name, int id) {
    return Span.newBuilder().setName(name).setTraceId(ByteString.copyFrom(HexFormat.of().parseHex("0a".repeat(16))))
        .setSpanId(ByteString.copyFrom(HexFormat.of().parseHex(String.format("%016x", id))))
        .setStartTimeUnixNano(END - 1_000_000).setEndTimeUnixNano(END);
  }

  private static KeyValue text(String key, String value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
  }

  private static KeyValue num(String key, long value) {
    return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setIntValue(value)).build();
  }
}
