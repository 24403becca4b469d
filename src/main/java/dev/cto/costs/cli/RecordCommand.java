package dev.cto.costs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cto.costs.app.CostsApp;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = "Record the usage of one model call.",
    footer = {
      "",
      "The record goes through the same validation and pricing as every other capture path;",
      "it is stored once per --id (default: a new id), so a retried command with --id is safe.",
      "",
      "Example:",
      "  cto-cli costs record --pr 123 --agent rex --model claude-sonnet-4-5 \\",
      "      --input-tokens 10000 --output-tokens 5000 --cache-read-tokens 30000 --stage code --iteration 2"
    })
final class RecordCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;
  @Mixin StoreOptions store;

  @Option(names = "--pr", paramLabel = "N", description = "Pull request number (omit for work not tied to a PR).")
  Long pr;

  @Option(names = "--repo", paramLabel = "OWNER/NAME", description = "Repository (default: default_repository of the config).")
  String repo;

  @Option(names = "--agent", required = true, description = "Agent, e.g. rex.")
  String agent;

  @Option(names = "--model", required = true, description = "Model, e.g. claude-sonnet-4-5.")
  String model;

  @Option(names = "--provider", description = "Provider (default: from the pricing catalog).")
  String provider;

  @Option(names = "--cli", description = "Coding CLI: claude, codex, cursor, factory, opencode, …")
  String cli;

  @Option(names = "--input-tokens", required = true, paramLabel = "N", description = "Uncached input tokens.")
  long inputTokens;

  @Option(names = "--output-tokens", required = true, paramLabel = "N", description = "Output tokens (reasoning included).")
  long outputTokens;

  @Option(names = "--cache-write-tokens", paramLabel = "N", description = "Cache write tokens (all lifetimes).")
  Long cacheWriteTokens;

  @Option(names = "--cache-write-1h-tokens", paramLabel = "N", description = "Of the cache writes, those with a 1 hour lifetime.")
  Long cacheWrite1hTokens;

  @Option(names = "--cache-read-tokens", paramLabel = "N", description = "Cache read tokens.")
  Long cacheReadTokens;

  @Option(names = "--stage", required = true, description = "Stage: intake, code, docs, qa, security, …")
  String stage;

  @Option(names = "--iteration", paramLabel = "N", description = "Iteration of the agent on this PR (default 1).")
  Integer iteration;

  @Option(names = "--task-id", paramLabel = "ID", description = "Task id.")
  String taskId;

  @Option(names = "--session-id", paramLabel = "ID", description = "CLI session id.")
  String sessionId;

  @Option(names = "--request-id", paramLabel = "ID", description = "Provider request id (also the default record id).")
  String requestId;

  @Option(names = "--timestamp", paramLabel = "RFC3339", description = "When the call happened (default: now).")
  String timestamp;

  @Option(names = "--id", paramLabel = "ID", description = "Idempotency key.")
  String id;

  @Override
  public Integer call() throws Exception {
    ObjectNode node = JSON.createObjectNode();
    putIfSet(node, "id", id);
    putIfSet(node, "repository", repo);
    if (pr != null) {
      node.put("pr_number", pr);
    }
    node.put("agent", agent);
    putIfSet(node, "cli", cli);
    node.put("model", model);
    putIfSet(node, "provider", provider);
    node.put("input_tokens", inputTokens);
    node.put("output_tokens", outputTokens);
    if (cacheWriteTokens != null) {
      node.put("cache_creation_input_tokens", cacheWriteTokens);
    }
    if (cacheWrite1hTokens != null) {
      node.put("cache_creation_1h_input_tokens", cacheWrite1hTokens);
    }
    if (cacheReadTokens != null) {
      node.put("cache_read_input_tokens", cacheReadTokens);
    }
    node.put("stage", stage);
    if (iteration != null) {
      node.put("iteration", iteration);
    }
    putIfSet(node, "task_id", taskId);
    putIfSet(node, "session_id", sessionId);
    putIfSet(node, "request_id", requestId);
    putIfSet(node, "timestamp", timestamp);
    RemoteClient remote = store.remote();
    if (remote != null) {
      Ingest.runRemote(spec, remote, JSON.writeValueAsBytes(node), false, true);
      return 0;
    }
    try (CostsApp app = store.open()) {
      Ingest.run(spec, app, JSON.writeValueAsBytes(node), "cli", false, true);
    }
    return 0;
  }

  private static void putIfSet(ObjectNode node, String field, String value) {
    if (value != null) {
      node.put(field, value);
    }
  }
}
