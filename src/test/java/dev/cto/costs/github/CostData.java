package dev.cto.costs.github;

import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CostsApp;
import dev.cto.costs.report.ReportService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Usage stored the way production stores it: NDJSON read by the real reader, priced and written by
 * the real collector into a real SQLite file; reports come from the real report service.
 * Prices: {@code sonnet-t} $3 input, $15 output, $3.75 cache write, $0.30 cache read per million;
 * {@code haiku-t} $1/$5. Thresholds: warning $0.05, error $1.
 */
final class CostData implements AutoCloseable {

  static final String CONFIG = """
      warning_threshold: 0.05
      error_threshold: 1
      pricing:
        - model: sonnet-t
          provider: anthropic
          input_cost_per_million: 3
          output_cost_per_million: 15
          cache_write_cost_per_million: 3.75
          cache_read_cost_per_million: 0.3
        - model: haiku-t
          provider: anthropic
          input_cost_per_million: 1
          output_cost_per_million: 5
      """;

  private final CostsApp app;
  private int ids;

  CostData(Path dir) throws IOException {
    this(dir, CONFIG);
  }

  CostData(Path dir, String config) throws IOException {
    Path configFile = Files.writeString(dir.resolve("cost-config.yaml"), config);
    app = CostsApp.open(new AppOptions(dir.resolve("costs.db"), null, configFile));
  }

  Path db() {
    return app.options().dbPath();
  }

  Path config() {
    return app.options().configPath();
  }

  /** Stores one model call; returns this for chaining. */
  CostData call(String repo, long pr, String agent, String stage, int iteration, String model, long in, long out, long cacheWrite,
      long cacheRead) {
    return ingest(List.of(line(repo, pr, agent, stage, iteration, model, in, out, cacheWrite, cacheRead)));
  }

  /** Stores many model calls in one batch (NDJSON lines from {@link #line}). */
  CostData ingest(List<String> lines) {
    byte[] ndjson = String.join("\n", lines).getBytes(StandardCharsets.UTF_8);
    app.collector().ingest(app.reader().read(ndjson, "test").validRecords());
    return this;
  }

  String line(String repo, long pr, String agent, String stage, int iteration, String model, long in, long out, long cacheWrite,
      long cacheRead) {
    return String.format("{\"id\":\"r%d\",\"repository\":\"%s\",\"pr_number\":%d,\"agent\":\"%s\",\"stage\":\"%s\","
        + "\"iteration\":%d,\"model\":\"%s\",\"input_tokens\":%d,\"output_tokens\":%d,\"cache_creation_input_tokens\":%d,"
        + "\"cache_read_input_tokens\":%d,\"timestamp\":\"2026-03-01T10:%02d:00Z\"}",
        ++ids, repo, pr, agent, stage, iteration, model, in, out, cacheWrite, cacheRead, ids % 60);
  }

  CostData call(String repo, long pr, String agent, String stage, int iteration, long in, long out) {
    return call(repo, pr, agent, stage, iteration, "sonnet-t", in, out, 0, 0);
  }

  ReportService reports() {
    return app.reports();
  }

  @Override
  public void close() {
    app.close();
  }
}
