package dev.cto.costs.analytics;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic cost history with planted anomalies, for the anomaly tests and their published
 * figures. Four months of work by six agents on three repositories: about seven PRs a weekday and
 * two a weekend day, two to four agents each; an agent's cost on a PR is its own usual amount
 * times log-normal noise (σ 0.35), its iterations 1 + Binomial(4, 0.35) (median 2). Planted, in
 * the last 90 days: PR costs at 5× the agent's usual, iteration loops at 5× the usual iterations
 * (10) at a normal cost, and days whose spend is 5× a usual weekday.
 */
public final class AnomalyData {

  public static final LocalDate FIRST = LocalDate.parse("2026-08-01");
  public static final LocalDate LAST = LocalDate.parse("2026-11-30");
  /** The scope the figures are measured on: the last 90 days. */
  public static final LocalDate SCOPE_FROM = LAST.minusDays(89);

  static final Map<String, Double> USUAL = Map.of(
      "rex", 6.75, "blaze", 3.20, "cleo", 1.10, "cipher", 2.40, "tess", 0.90, "morgan", 0.45);
  private static final List<String> AGENTS = List.of("rex", "blaze", "cleo", "cipher", "tess", "morgan");
  private static final List<String> REPOS = List.of("5dlabs/cto", "5dlabs/web", "5dlabs/api");
  private static final double SIGMA = 0.35;

  /** One planted anomaly: {@code subject} as {@link Anomaly#subject()} spells it. */
  public record Planted(String kind, String subject) {}

  private final List<PricedUsage> records = new ArrayList<>();
  private final Set<Planted> planted = new LinkedHashSet<>();
  private int normalPairsInScope;
  private int daysInScope;

  public List<PricedUsage> records() {
    return Collections.unmodifiableList(records);
  }

  public Set<Planted> planted() {
    return planted;
  }

  /** (PR, agent) pairs dated in the scope that carry no planted anomaly. */
  public int normalPairsInScope() {
    return normalPairsInScope;
  }

  public int daysInScope() {
    return daysInScope;
  }

  public static AnomalyData generate(long seed) {
    AnomalyData data = new AnomalyData();
    data.build(new Random(seed));
    return data;
  }

  private void build(Random random) {
    long pr = 100;
    int pairIndex = 0;
    Map<LocalDate, Long> daySpend = new HashMap<>();
    for (LocalDate day = FIRST; !day.isAfter(LAST); day = day.plusDays(1)) {
      boolean weekend = day.getDayOfWeek() == DayOfWeek.SATURDAY || day.getDayOfWeek() == DayOfWeek.SUNDAY;
      int prs = weekend ? 1 + random.nextInt(3) : 5 + random.nextInt(5);
      boolean inScope = !day.isBefore(SCOPE_FROM);
      for (int p = 0; p < prs; p++) {
        pr++;
        String repo = REPOS.get(random.nextInt(REPOS.size()));
        List<String> agents = new ArrayList<>(AGENTS);
        Collections.shuffle(agents, random);
        for (String agent : agents.subList(0, 2 + random.nextInt(3))) {
          int iterations = 1;
          for (int i = 0; i < 4; i++) {
            iterations += random.nextDouble() < 0.35 ? 1 : 0;
          }
          double dollars = USUAL.get(agent) * Math.exp(SIGMA * random.nextGaussian());
          String subject = repo + "#" + pr + ":" + agent;
          if (inScope) {
            pairIndex++;
            // a plant about every 120 pairs, cost and loop alternating; normal pairs are the rest
            if (pairIndex % 120 == 60) {
              dollars = USUAL.get(agent) * 5;
              planted.add(new Planted(AnomalyKind.PR_COST.wireName(), subject));
            } else if (pairIndex % 120 == 0) {
              iterations = 10;
              planted.add(new Planted(AnomalyKind.ITERATION_LOOP.wireName(), subject));
            } else {
              normalPairsInScope++;
            }
          }
          long nanos = Math.round(dollars * 1e9);
          Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(8 * 3600 + random.nextInt(10 * 3600));
          for (int i = 1; i <= iterations; i++) {
            long share = i < iterations ? nanos / iterations : nanos - (nanos / iterations) * (iterations - 1);
            records.add(record(repo, pr, agent, i, share, start.plusSeconds(60L * i)));
          }
          daySpend.merge(day, nanos, Long::sum);
        }
      }
    }
    plantDays(daySpend);
    daysInScope = (int) (LAST.toEpochDay() - SCOPE_FROM.toEpochDay()) + 1;
  }

  /** Adds spend without a PR on four weekdays of the scope: the day's total becomes 5× a usual weekday. */
  private void plantDays(Map<LocalDate, Long> daySpend) {
    long[] weekdays = daySpend.entrySet().stream()
        .filter(e -> e.getKey().getDayOfWeek().getValue() <= 5).mapToLong(Map.Entry::getValue).sorted().toArray();
    long usualWeekday = weekdays[weekdays.length / 2];
    for (LocalDate day : List.of(LocalDate.parse("2026-09-16"), LocalDate.parse("2026-10-08"),
        LocalDate.parse("2026-10-29"), LocalDate.parse("2026-11-24"))) {
      long extra = Math.max(0, 5 * usualWeekday - daySpend.get(day));
      records.add(record(null, null, "ops-batch", 1, extra, day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(13 * 3600)));
      planted.add(new Planted(AnomalyKind.DAILY_SPEND.wireName(), day.toString()));
    }
  }

  private int sequence;

  private PricedUsage record(String repo, Long pr, String agent, int iteration, long nanos, Instant at) {
    String id = "anom-" + (++sequence);
    UsageRecord r = new UsageRecord(id, new Attribution(repo, pr, agent, "code", iteration, null), "claude",
        "claude-sonnet-4-5", "anthropic", new TokenCounts(1_000, 200, 0, 0, 0), "sess-" + pr, "req-" + id, at, "test");
    return new PricedUsage(r, "anthropic", Usd.ofNanos(nanos), true);
  }

  @Override
  public String toString() {
    return records.size() + " records, planted " + Arrays.toString(planted.toArray());
  }
}
