package dev.cto.costs.capture.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes OTLP messages in either encoding with the generated classes: protobuf as is,
 * JSON through {@link JsonFormat}, which already takes lowerCamelCase names, int64 as strings or
 * numbers and enums as integers. One thing it cannot know is OTLP's exception to the protobuf JSON
 * mapping: trace and span ids are hex, not base64, so they are re-encoded before parsing.
 */
final class OtlpCodec {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> HEX_IDS = Set.of("traceId", "spanId", "parentSpanId");
  // OTLP says receivers must ignore fields they do not know: newer senders add fields first
  private static final JsonFormat.Parser PARSER = JsonFormat.parser().ignoringUnknownFields();
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer().omittingInsignificantWhitespace();

  private OtlpCodec() {}

  @SuppressWarnings("unchecked")
  static <T extends Message> T decode(byte[] body, OtlpEncoding encoding, T prototype) {
    String what = prototype.getDescriptorForType().getName();
    if (encoding == OtlpEncoding.PROTOBUF) {
      try {
        return (T) prototype.getParserForType().parseFrom(body);
      } catch (InvalidProtocolBufferException e) {
        throw new OtlpFormatException("the body is not a protobuf " + what + ": " + e.getMessage(), e);
      }
    }
    Message.Builder builder = prototype.newBuilderForType();
    try {
      JsonNode tree = JSON.readTree(body);
      if (tree == null || !tree.isObject()) {
        throw new OtlpFormatException("the body is not an OTLP/JSON " + what + ": expected a JSON object", null);
      }
      hexIdsToBase64(tree);
      PARSER.merge(JSON.writeValueAsString(tree), builder);
    } catch (JsonProcessingException e) {
      throw new OtlpFormatException("the body is not JSON: " + e.getOriginalMessage(), e);
    } catch (IOException | IllegalArgumentException e) {
      throw new OtlpFormatException("the body is not an OTLP/JSON " + what + ": " + e.getMessage(), e);
    }
    return (T) builder.build();
  }

  static byte[] encode(Message message, OtlpEncoding encoding) {
    if (encoding == OtlpEncoding.PROTOBUF) {
      return message.toByteArray();
    }
    try {
      return PRINTER.print(message).getBytes(StandardCharsets.UTF_8);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A {@code google.rpc.Status}, the body OTLP/HTTP asks for with error responses. Its class is not
   * in opentelemetry-proto, and two fields do not justify another dependency: written by hand.
   */
  static byte[] status(int code, String message, OtlpEncoding encoding) {
    if (encoding == OtlpEncoding.JSON) {
      ObjectNode status = JSON.createObjectNode().put("code", code).put("message", message);
      return status.toString().getBytes(StandardCharsets.UTF_8);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    CodedOutputStream coded = CodedOutputStream.newInstance(out);
    try {
      coded.writeInt32(1, code);
      coded.writeBytes(2, ByteString.copyFromUtf8(message));
      coded.flush();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  private static void hexIdsToBase64(JsonNode node) {
    if (node.isArray()) {
      node.forEach(OtlpCodec::hexIdsToBase64);
      return;
    }
    if (!node.isObject()) {
      return;
    }
    ObjectNode object = (ObjectNode) node;
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      JsonNode value = field.getValue();
      if (HEX_IDS.contains(field.getKey()) && value.isTextual()) {
        field.setValue(object.textNode(hexToBase64(field.getKey(), value.asText())));
      } else {
        hexIdsToBase64(value);
      }
    }
  }

  private static String hexToBase64(String field, String hex) {
    try {
      return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex));
    } catch (IllegalArgumentException e) {
      throw new OtlpFormatException(field + " '" + hex + "' is not hex (OTLP/JSON writes ids as hex)", e);
    }
  }
}
