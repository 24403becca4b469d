package dev.cto.costs.capture.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.List;

/**
 * What an official SDK yields for what the fake sends, derived from the canned wire data: the
 * parsed body, or the stream's events minus the ones the SDKs consume themselves (Anthropic's
 * {@code ping}, OpenAI's {@code [DONE]}).
 */
final class SdkExpectations {

  private static final ObjectMapper JSON = new ObjectMapper();

  private SdkExpectations() {}

  /** The body the client gets from a non-streaming call. */
  static JsonNode response(Scenario s) {
    return switch (s) {
      case ANTHROPIC_JSON -> parse(AnthropicWire.message(s));
      case OPENAI_JSON -> parse(OpenAiChatWire.completion(s));
      case OPENAI_RESPONSES_JSON -> {
        // the openai SDK adds the output_text convenience field to every Responses result
        ObjectNode body = (ObjectNode) parse(Wire.compact(OpenAiResponsesWire.response(s, "completed", true)));
        yield body.put("output_text", String.join("", OpenAiChatWire.TEXT));
      }
      default -> throw new IllegalArgumentException(s + " is not a JSON scenario");
    };
  }

  /**
   * The events the client iterates over.
   *
   * @param includeUsage whether the request asked for stream_options.include_usage (OpenAI chat)
   */
  static ArrayNode events(Scenario s, boolean includeUsage) {
    List<SseEvent> wire = switch (s) {
      case ANTHROPIC_STREAM -> AnthropicWire.events(s);
      case ANTHROPIC_STREAM_CUT -> AnthropicWire.events(s).subList(0, AnthropicWire.events(s).size() / 2);
      case OPENAI_STREAM, OPENAI_STREAM_WITH_USAGE -> OpenAiChatWire.chunks(s, includeUsage);
      case OPENAI_RESPONSES_STREAM -> OpenAiResponsesWire.events(s);
      default -> throw new IllegalArgumentException(s + " is not a streaming scenario");
    };
    ArrayNode events = JSON.createArrayNode();
    wire.stream()
        .filter(e -> !"ping".equals(e.event()) && !"[DONE]".equals(e.data()))
        .forEach(e -> events.add(parse(e.data())));
    return events;
  }

  /** The error reply of an ERROR scenario, as the fake sends it. */
  static Reply.Json errorReply(Scenario s) {
    return s.sdk == Scenario.Sdk.OPENAI ? OpenAiChatWire.scenarioError(s) : AnthropicWire.scenarioError(s);
  }

  /** The error body the client's exception carries. */
  static JsonNode errorBody(Scenario s) {
    JsonNode body = parse(errorReply(s).body());
    // the openai SDK keeps only the inner "error" object; Anthropic's keeps the whole envelope
    return s.sdk == Scenario.Sdk.OPENAI ? body.get("error") : body;
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(json, e);
    }
  }

  /**
   * Asserts JSON equality with numbers compared by value: the fake sends {@code 1.0} as OpenAI does,
   * and JavaScript prints it as {@code 1}.
   */
  static void assertSameJson(JsonNode actual, JsonNode expected) {
    Comparator<JsonNode> numbersByValue = (a, b) -> a.isNumber() && b.isNumber()
        ? a.decimalValue().compareTo(b.decimalValue())
        : a.equals(b) ? 0 : 1;
    assertThat(actual != null && actual.equals(numbersByValue, expected))
        .as("expected: %s%n but was: %s", expected, actual).isTrue();
  }

  /** The SDK output without arrival times, which differ between any two runs. */
  static JsonNode withoutTimings(JsonNode output) {
    JsonNode copy = output.deepCopy();
    if (copy instanceof ObjectNode o) {
      o.remove("event_times_ms");
    }
    return copy;
  }
}
