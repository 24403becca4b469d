package dev.cto.costs.capture.logs;

/** Hand-made Claude Code log lines, shaped like the real ones (compact JSON, usage per content block). */
final class ClaudeLines {

  private ClaudeLines() {}

  static String assistant(String messageId, String requestId, long input, long output, long cache5m, long cache1h,
      long cacheRead) {
    return "{\"parentUuid\":null,\"isSidechain\":false,\"message\":{\"model\":\"claude-sonnet-4-5-20250929\",\"id\":\""
        + messageId + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],"
        + "\"usage\":{\"input_tokens\":" + input + ",\"cache_creation_input_tokens\":" + (cache5m + cache1h)
        + ",\"cache_read_input_tokens\":" + cacheRead + ",\"cache_creation\":{\"ephemeral_5m_input_tokens\":" + cache5m
        + ",\"ephemeral_1h_input_tokens\":" + cache1h + "},\"output_tokens\":" + output + "}},\"requestId\":\""
        + requestId + "\",\"type\":\"assistant\",\"uuid\":\"u\",\"timestamp\":\"2026-09-01T10:00:00.000Z\","
        + "\"cwd\":\"/home/dev/code/service-01\",\"sessionId\":\"s-1\",\"gitBranch\":\"task-42\"}\n";
  }

  static String assistant(String messageId, long output) {
    return assistant(messageId, "req_" + messageId, 10, output, 0, 0, 0);
  }

  static String user() {
    return "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"go\"},\"timestamp\":\"2026-09-01T10:00:00.000Z\","
        + "\"sessionId\":\"s-1\"}\n";
  }
}
