package dev.cto.costs.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

/**
 * A deterministic, realistic month of agent work as NDJSON usage records: PRs in two
 * repositories, each going through intake, code, quality, security and testing stages with the
 * agents that run them, several iterations, cache-heavy Claude calls, Codex and Perplexity calls,
 * one long-context request per PR, and a model without a price (to show unpriced reporting).
 */
final class DemoData {

  private record Step(String agent, String stage, String cli, String model, int maxIterations) {}

  private static final List<Step> PIPELINE =
      List.of(
          new Step("morgan", "intake", "claude", "claude-haiku-4-5", 1),
          new Step("morgan", "docs", "claude", "sonar-pro", 1),
          new Step("rex", "code", "claude", "claude-sonnet-4-5", 4),
          new Step("blaze", "code", "codex", "gpt-5.1-codex", 3),
          new Step("cleo", "qa", "claude", "claude-opus-4-5", 2),
          new Step("cipher", "security", "claude", "claude-sonnet-4-5", 2),
          new Step("tess", "qa", "codex", "gpt-5", 2),
          new Step("tess", "qa", "factory", "acme-coder-1", 1));

  private static final ObjectMapper JSON = new ObjectMapper();

  private DemoData() {}

  /** Records for {@code prs} PRs ending at {@code now}; the same arguments give the same bytes. */
  static byte[] ndjson(Instant now, int prs, long seed) throws IOException {
    Random random = new Random(seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 20);
    Instant start = now.truncatedTo(ChronoUnit.DAYS).minus(27, ChronoUnit.DAYS);
    for (int p = 0; p < prs; p++) {
      String repo = p % 4 == 3 ? "5dlabs/agents" : "5dlabs/cto";
      long pr = 100 + p;
      Instant t = start.plus(random.nextInt(26 * 24), ChronoUnit.HOURS);
      int seq = 0;
      for (Step step : PIPELINE) {
        int iterations = 1 + random.nextInt(step.maxIterations());
        for (int iteration = 1; iteration <= iterations; iteration++) {
          int calls = 3 + random.nextInt(step.stage().equals("code") ? 40 : 12);
          for (int c = 0; c < calls; c++) {
            t = t.plusSeconds(5 + random.nextInt(90));
            if (t.isAfter(now)) {
              t = now;
            }
            boolean longContext = c == calls - 1 && iteration == iterations && step.stage().equals("code");
            out.write(JSON.writeValueAsBytes(record(random, repo, pr, step, iteration, t, seq++, longContext)));
            out.write('\n');
          }
        }
      }
    }
    return out.toByteArray();
  }

  private static ObjectNode record(
      Random random, String repo, long pr, Step step, int iteration, Instant t, int seq, boolean longContext) {
    ObjectNode n = JSON.createObjectNode();
    n.put("id", "demo-" + repo.replace('/', '-') + "-" + pr + "-" + seq);
    n.put("repository", repo);
    n.put("pr_number", pr);
    n.put("agent", step.agent());
    n.put("cli", step.cli());
    n.put("model", step.model());
    n.put("stage", step.stage());
    n.put("iteration", iteration);
    n.put("task_id", "task-" + pr);
    n.put("session_id", "sess-" + pr + "-" + step.agent() + "-" + iteration);
    n.put("timestamp", t.toString());
    boolean claude = step.model().startsWith("claude");
    long cacheRead = claude || step.cli().equals("codex") ? (long) (Math.exp(9.5 + random.nextGaussian() * 0.7)) : 0;
    if (longContext) {
      cacheRead = 210_000 + random.nextInt(60_000);
    }
    long cacheWrite = claude && random.nextInt(3) > 0 ? (long) Math.exp(7 + random.nextGaussian()) : 0;
    n.put("input_tokens", claude ? 1 + random.nextInt(60) : 200 + random.nextInt(8000));
    n.put("output_tokens", 20 + (long) Math.exp(5.2 + random.nextGaussian()));
    n.put("cache_creation_input_tokens", cacheWrite);
    if (cacheWrite > 0 && random.nextInt(4) == 0) {
      n.put("cache_creation_1h_input_tokens", cacheWrite);
    }
    n.put("cache_read_input_tokens", cacheRead);
    return n;
  }
}
