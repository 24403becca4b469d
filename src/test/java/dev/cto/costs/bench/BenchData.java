package dev.cto.costs.bench;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.PrOutcome;
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
  private final Instant end;
  private final long spanSeconds;
  private final long totalRecords;

  BenchData(long totalRecords, Instant end, int days) {
    this.totalRecords = totalRecords;
    this.spanSeconds = days * 86_400L;
    this.start = end.minusSeconds(spanSeconds);
    this.end = end;
  }

  /** {@link QueryBenchmark}'s data set of {@code n} records: ~30k records a day, ending at {@link #END}. */
  static BenchData queryBenchmark(long n) {
    return new BenchData(n, END, (int) Math.max(60, n / 30_000));
  }

  static long prOf(long i) {
    return 1 + i / RECORDS_PER_PR;
  }

  long prCount() {
    return Math.max(1, totalRecords / RECORDS_PER_PR);
  }

  static String repositoryOf(long pr) {
    return "5dlabs/repo-" + (pr % 5);
  }

  /** A PR's records sit within two days from here; PRs are spread evenly over the period. */
  private Instant prStart(long pr) {
    return start.plusSeconds((pr - 1) * Math.max(1, spanSeconds - 172_800) / prCount());
  }

  /**
   * What became of PR {@code pr}: three in four merged, one in seven closed without merging, the
   * rest still open (as are those that would close after the data ends); 10 to 2,000 lines added and up to 500 deleted. Always the same for a PR.
   */
  PrOutcome outcome(long pr) {
    SplittableRandom r = new SplittableRandom(pr * 0xC2B2AE3D27D4EB4FL);
    int roll = r.nextInt(100);
    Instant closed = prStart(pr).plusSeconds(172_800 + r.nextLong(86_400));
    PrOutcome.State state = roll < 75 && !closed.isAfter(end) ? PrOutcome.State.MERGED
        : roll < 89 && !closed.isAfter(end) ? PrOutcome.State.CLOSED : PrOutcome.State.OPEN;
    return new PrOutcome(repositoryOf(pr), pr, state,
        state == PrOutcome.State.MERGED ? closed : null,
        state == PrOutcome.State.OPEN ? null : closed,
        10 + r.nextInt(1_991), r.nextInt(501),
        state == PrOutcome.State.OPEN ? prStart(pr) : closed, end);
  }

  UsageRecord record(long i) {
    SplittableRandom r = new SplittableRandom(i * 0x9E3779B97F4A7C15L);
    long pr = prOf(i);
    int a = r.nextInt(AGENTS.length);
    Instant at = prStart(pr).plusSeconds(r.nextLong(172_800));
    String repo = repositoryOf(pr);
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
