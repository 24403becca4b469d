package dev.cto.costs.analytics;

import dev.cto.costs.analytics.WhatIfReport.ModelLine;
import dev.cto.costs.analytics.WhatIfReport.UnpricedLine;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.Usd;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sums of one what-if as its parts come in: the re-priced records per (swap, model), the unpriced per model. */
final class WhatIfTally {

  private record Key(int swap, String from) {}

  private static final class Repriced {
    long records;
    long longContext;
    long actualNanos;
    long whatifNanos;
  }

  private static final class Unpriced {
    long records;
    long input;
    long output;
  }

  private final SwapPlan plan;
  private final Map<Key, Repriced> repriced = new LinkedHashMap<>();
  private final Map<List<String>, Unpriced> unpriced = new LinkedHashMap<>();

  WhatIfTally(SwapPlan plan) {
    this.plan = plan;
  }

  void repriced(int swap, String storedModel, long records, long longContextRecords, Usd actual, Usd whatif) {
    Repriced r = repriced.computeIfAbsent(new Key(swap, plan.displayName(storedModel)), k -> new Repriced());
    r.records += records;
    r.longContext += longContextRecords;
    r.actualNanos = Math.addExact(r.actualNanos, actual.nanos());
    r.whatifNanos = Math.addExact(r.whatifNanos, whatif.nanos());
  }

  /** @param to the TO they would have been priced as, or null */
  void unpriced(String storedModel, String to, long records, TokenCounts tokens) {
    Unpriced u = unpriced.computeIfAbsent(java.util.Arrays.asList(storedModel, to), k -> new Unpriced());
    u.records += records;
    u.input += tokens.input();
    u.output += tokens.output();
  }

  /** What the re-priced records cost as stored, in nano-dollars. */
  long actualNanos() {
    return repriced.values().stream().mapToLong(r -> r.actualNanos).reduce(0, Math::addExact);
  }

  /** What they would have cost, in nano-dollars. */
  long whatifNanos() {
    return repriced.values().stream().mapToLong(r -> r.whatifNanos).reduce(0, Math::addExact);
  }

  List<ModelLine> modelLines() {
    return repriced.entrySet().stream()
        .map(e -> {
          Repriced r = e.getValue();
          return new ModelLine(e.getKey().from(), plan.target(e.getKey().swap()), plan.swaps().get(e.getKey().swap()).text(),
              r.records, r.longContext, usd(r.actualNanos), usd(r.whatifNanos), usd(Math.subtractExact(r.whatifNanos, r.actualNanos)));
        })
        .sorted(Comparator.comparing(ModelLine::actualCostUsd).reversed()
            .thenComparing(ModelLine::from).thenComparing(ModelLine::swap))
        .toList();
  }

  List<UnpricedLine> unpricedLines() {
    return unpriced.entrySet().stream()
        .map(e -> new UnpricedLine(e.getKey().get(0), e.getKey().get(1), e.getValue().records, e.getValue().input, e.getValue().output))
        .sorted(Comparator.comparingLong(UnpricedLine::records).reversed().thenComparing(UnpricedLine::model))
        .toList();
  }

  static BigDecimal usd(long nanos) {
    return new BigDecimal(Usd.ofNanos(nanos).toPlainString());
  }
}
