package dev.cto.costs.bench;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic usage at scale: PRs in 5 repositories, each worked on for about two days
 * by the six agents over several stages, iterations and models, spread over {@code days} days
 * ending at {@code end}. Record {@code i} is always the same record.
 */
final class BenchData {

  static final String[] AGENTS = {"rex", "blaze", "cleo", "cipher", "tess", "morgan"};
  static final String[] STAGES = {"code", "code", "qa", "security", "qa", "intake"};
  static final String[] MODELS = {"claude-sonnet-4-5", "gpt-5.1-codex", "claude-opus-4-5", "claude-sonnet-4-5", "gpt-5", "claude-haiku-4-5"};
  static final int RECORDS_PER_PR = 500;
  /** Where {@link QueryBenchmark}'s data ends (exclusive): the analytics benchmark reads the days before it. */
  static final Instant END = Instant.parse("2026-11-01T00:00:00Z");

  private final Instant start;
  private final long spanSeconds;
  private final long totalRecords;

  BenchData(long totalRecords, Instant end, int days) {
    this.totalRecords = totalRecords;
    this.spanSeconds = days * 86_400L;
    this.start = end.minusSeconds(spanSeconds);
  }

  static long prOf(long i) {
    return 1 + i / RECORDS_PER_PR;
  }

  UsageRecord record(long i) {
    SplittableRandom r = new SplittableRandom(i * 0x9E3779B97F4A7C15L);
    long pr = prOf(i);
    int a = r.nextInt(AGENTS.length);
    // a PR's records sit within two days; PRs are spread evenly over the period
    long prCount = Math.max(1, totalRecords / RECORDS_PER_PR);
    long prStart = (pr - 1) * Math.max(1, spanSeconds - 172_800) / prCount;
    Instant at = start.plusSeconds(prStart + r.nextLong(172_800));
    String repo = "5dlabs/repo-" + (pr % 5);
    return new UsageRecord(
        "bench-" + i,
        new Attribution(repo, pr, AGENTS[a], STAGES[a], 1 + r.nextInt(3), null),
        a % 2 == 0 ? "claude" : "codex",
        MODELS[a],
        null,
        new TokenCounts(r.nextInt(2_000), 50 + r.nextInt(2_000), r.nextInt(3) == 0 ? r.nextInt(5_000) : 0, 0, r.nextInt(80_000)),
        "sess-" + pr + "-" + a,
        "req-" + i,
        at,
        "bench");
  }

  List<UsageRecord> batch(long from, int n) {
    List<UsageRecord> out = new ArrayList<>(n);
    for (long i = from; i < from + n && i < totalRecords; i++) {
      out.add(record(i));
    }
    return out;
  }
}
