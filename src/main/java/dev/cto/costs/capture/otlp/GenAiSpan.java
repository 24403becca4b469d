package dev.cto.costs.capture.otlp;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.HexFormat;

/**
 * One span following the OpenTelemetry GenAI semantic conventions (docs/integrations/opentelemetry.md
 * has the table). The convention's input count includes cached tokens, so cache reads and writes
 * are subtracted from it, as the OpenAI tap does; a span whose cache counts exceed its input is
 * impossible and rejected rather than clamped, since any clamp would invent a price.
 *
 * <p>One emitter departs from the convention: Spring AI's chat observations, exported through
 * Micrometer tracing, pass on the provider's own prompt count, and Anthropic's excludes the cached
 * tokens (Spring AI 2.0). Those spans are told by their instrumentation scope, the tracer Spring
 * Boot builds for Micrometer ({@code org.springframework.boot}; any {@code org.springframework}
 * scope), and their input is taken as uncached already.
 */
final class GenAiSpan {

  static final String INPUT = "gen_ai.usage.input_tokens";
  static final String OUTPUT = "gen_ai.usage.output_tokens";
  static final String CACHE_READ = "gen_ai.usage.cache_read.input_tokens";
  static final String CACHE_WRITE = "gen_ai.usage.cache_creation.input_tokens";
  /** OpenLLMetry's names from before the convention settled. */
  static final String PROMPT = "gen_ai.usage.prompt_tokens";
  static final String COMPLETION = "gen_ai.usage.completion_tokens";

  private GenAiSpan() {}

  /** Spans without usage (tool calls, agent steps, HTTP) are not calls to price. */
  static boolean carriesUsage(Attributes a) {
    return a.has(INPUT) || a.has(OUTPUT) || a.has(PROMPT) || a.has(COMPLETION);
  }

  /** Spring's tracer: what Micrometer observations, Spring AI's included, are exported under. */
  static final String SPRING_SCOPE_PREFIX = "org.springframework";

  /** @param scope the instrumentation scope's name ({@code InstrumentationScope.name}), empty if unset */
  static UsageRecord toRecord(Span span, Attributes a, Attribution attribution, String scope) {
    String model = a.string("gen_ai.response.model");
    if (model == null) {
      model = a.string("gen_ai.request.model");
    }
    if (model == null) {
      throw new Attributes.BadEvent("no gen_ai.response.model or gen_ai.request.model");
    }
    long input = a.has(INPUT) ? a.count(INPUT, 0) : a.count(PROMPT, 0);
    long output = a.has(OUTPUT) ? a.count(OUTPUT, 0) : a.count(COMPLETION, 0);
    long reads = a.count(CACHE_READ, 0);
    long writes = a.count(CACHE_WRITE, 0);
    String provider = a.string("gen_ai.provider.name");
    if (provider == null) {
      provider = a.string("gen_ai.system");
    }
    long uncached;
    if (inputExcludesCache(scope, provider)) {
      uncached = input;
    } else if (reads + writes > input) {
      throw new Attributes.BadEvent("cache tokens (" + reads + " read + " + writes + " written) exceed "
          + INPUT + " " + input);
    } else {
      uncached = input - reads - writes;
    }
    // the conventions carry no cache lifetime: writes count as 5-minute writes, the default
    TokenCounts tokens = new TokenCounts(uncached, output, writes, 0, reads);
    String responseId = a.string("gen_ai.response.id");
    // the provider's response id is also the proxy's record id, so a call seen by both counts once
    String id = responseId != null ? responseId : stableId(span);
    return new UsageRecord(id, attribution, null, model, provider, tokens, a.string("gen_ai.conversation.id"),
        null, end(span), OtlpLogs.SOURCE);
  }

  /** Spring AI's Anthropic spans: input is Anthropic's {@code input_tokens}, the cache counted apart. */
  static boolean inputExcludesCache(String scope, String provider) {
    return scope != null && scope.startsWith(SPRING_SCOPE_PREFIX) && "anthropic".equals(provider);
  }

  /** Trace id and span id name a span uniquely, and a re-export sends the same ones. */
  static String stableId(Span span) {
    HexFormat hex = HexFormat.of();
    return "otlp-" + hex.formatHex(span.getTraceId().toByteArray()) + "-" + hex.formatHex(span.getSpanId().toByteArray());
  }

  /** How a rejected span is named in the partial success. */
  static String name(Span span) {
    return "span " + HexFormat.of().formatHex(span.getSpanId().toByteArray())
        + (span.getName().isEmpty() ? "" : " '" + span.getName() + "'");
  }

  private static java.time.Instant end(Span span) {
    long nanos = span.getEndTimeUnixNano() > 0 ? span.getEndTimeUnixNano() : span.getStartTimeUnixNano();
    return java.time.Instant.ofEpochSecond(Long.divideUnsigned(nanos, 1_000_000_000L),
        Long.remainderUnsigned(nanos, 1_000_000_000L));
  }
}
