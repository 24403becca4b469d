package dev.cto.costs.web;

/** Shared record builders for the HTTP tests. */
final class Usage {

  private Usage() {}

  static String record(String id, int pr, String agent, String model, long in, long out) {
    return String.format("{\"id\":\"%s\",\"repository\":\"5dlabs/cto\",\"pr_number\":%d,\"agent\":\"%s\",\"model\":\"%s\","
        + "\"input_tokens\":%d,\"output_tokens\":%d,\"stage\":\"code\",\"timestamp\":\"2026-03-01T10:00:00Z\"}",
        id, pr, agent, model, in, out);
  }
}
