package dev.cto.costs.property;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.collect.CollectorOptions;
import dev.cto.costs.collect.IngestResult;
import dev.cto.costs.collect.UsageCollector;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.pricing.DefaultCatalog;
import dev.cto.costs.report.PrReport;
import dev.cto.costs.report.ReportRenderer;
import dev.cto.costs.report.ReportService;
import dev.cto.costs.report.Summary;
import dev.cto.costs.store.jdbc.JdbcStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * For random usage, in any insertion order and chunking, on SQLite and PostgreSQL: report totals
 * equal the sums of what was ingested (tokens) and of what each record was acknowledged to cost
 * (money); ingesting everything again changes nothing.
 */
class TotalsPropertyTest {

  private static EmbeddedPostgres postgres;
  private static final AtomicInteger DATABASES = new AtomicInteger();
  private static final List<String> MODELS = List.of("claude-sonnet-4-5", "claude-opus-4-5", "gpt-5.1-codex", "gemini-2.5-pro", "unknown-model-x");
  private static final List<String> AGENTS = List.of("rex", "blaze", "cleo", "cipher", "tess", "morgan");

  @BeforeContainer
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterContainer
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @Provide
  Arbitrary<List<UsageRecord>> usage() {
    Arbitrary<UsageRecord> one = Combinators.combine(
            Arbitraries.of(MODELS), Arbitraries.of(AGENTS), Arbitraries.longs().between(1, 4),
            Arbitraries.longs().between(0, 300_000), Arbitraries.longs().between(0, 50_000),
            Arbitraries.longs().between(0, 400_000), Arbitraries.integers().between(1, 3),
            Arbitraries.integers().between(0, 40 * 24 * 3600))
        .as((model, agent, pr, input, output, cacheRead, iteration, second) -> new UsageRecord(
            "placeholder", new Attribution("o/r", pr, agent, iteration == 3 ? "qa" : "code", iteration, null), null, model, null,
            new TokenCounts(input, output, input / 7, input / 11, cacheRead), null, null,
            Instant.parse("2026-02-15T00:00:00Z").plusSeconds(second), "property"));
    return one.list().ofMinSize(1).ofMaxSize(60).map(list -> {
      List<UsageRecord> withIds = new ArrayList<>();
      for (int i = 0; i < list.size(); i++) {
        UsageRecord r = list.get(i);
        withIds.add(new UsageRecord("id-" + i, r.attribution(), r.cli(), r.model(), r.provider(), r.tokens(), null, null, r.timestamp(), r.source()));
      }
      return withIds;
    });
  }

  @Property(tries = 25)
  void totalsAreExactOnSqlite(@ForAll("usage") List<UsageRecord> records, @ForAll long shuffleSeed) throws Exception {
    Path dir = Files.createTempDirectory("prop");
    check(records, shuffleSeed, () -> JdbcStore.openSqlite(dir.resolve("a.db")), () -> JdbcStore.openSqlite(dir.resolve("b.db")));
  }

  @Property(tries = 15)
  void totalsAreExactOnPostgres(@ForAll("usage") List<UsageRecord> records, @ForAll long shuffleSeed) throws Exception {
    check(records, shuffleSeed, TotalsPropertyTest::freshPostgres, TotalsPropertyTest::freshPostgres);
  }

  interface StoreFactory {
    JdbcStore open() throws Exception;
  }

  private static JdbcStore freshPostgres() throws Exception {
    String name = "prop_" + DATABASES.incrementAndGet();
    try (Connection c = postgres.getPostgresDatabase().getConnection()) {
      c.createStatement().execute("CREATE DATABASE " + name);
    }
    return JdbcStore.openPostgres(postgres.getJdbcUrl("postgres", name), "postgres", null);
  }

  private void check(List<UsageRecord> records, long shuffleSeed, StoreFactory first, StoreFactory second) throws Exception {
    CostSettings settings = CostSettings.of(DefaultCatalog.load());
    String inOrder;
    String shuffledJson;
    try (JdbcStore store = first.open(); UsageCollector collector = new UsageCollector(store, () -> settings, null, CollectorOptions.DEFAULTS)) {
      IngestResult result = collector.ingest(records);
      long expectedNanos = result.records().stream().mapToLong(o -> o.cost().nanos()).sum();
      long expectedInput = records.stream().mapToLong(r -> r.tokens().input()).sum();
      long expectedCacheWrite = records.stream().mapToLong(r -> r.tokens().cacheCreation()).sum();
      long expectedUnpriced = records.stream().filter(r -> r.model().startsWith("unknown")).count();
      ReportService reports = new ReportService(store, () -> settings);
      Summary all = reports.summary(null, null);
      assertThat(all.totalCostUsd()).isEqualByComparingTo(Usd.ofNanos(expectedNanos).toBigDecimal());
      assertThat(all.totalInputTokens()).isEqualTo(expectedInput);
      assertThat(all.totalCacheCreationInputTokens()).isEqualTo(expectedCacheWrite);
      assertThat(all.records()).isEqualTo(records.size());
      assertThat(all.unpricedRecords()).isEqualTo(expectedUnpriced);
      BigDecimal byPrs = BigDecimal.ZERO;
      for (long pr = 1; pr <= 4; pr++) {
        try {
          PrReport report = reports.prReport("o/r", pr, true);
          byPrs = byPrs.add(report.totalCostUsd());
          assertThat(report.agents().stream().map(a -> a.costUsd()).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(report.totalCostUsd());
          assertThat(report.iterations().stream().map(a -> a.costUsd()).reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(report.totalCostUsd());
        } catch (dev.cto.costs.report.NoCostDataException none) {
          // this PR got no records in this sample
        }
      }
      assertThat(byPrs).isEqualByComparingTo(all.totalCostUsd());
      inOrder = ReportRenderer.JSON.writeValueAsString(all);

      IngestResult again = collector.ingest(records);
      assertThat(again.accepted()).isZero();
      assertThat(ReportRenderer.JSON.writeValueAsString(reports.summary(null, null))).isEqualTo(inOrder);
    }
    List<UsageRecord> shuffled = new ArrayList<>(records);
    Collections.shuffle(shuffled, new Random(shuffleSeed));
    try (JdbcStore store = second.open(); UsageCollector collector = new UsageCollector(store, () -> settings, null, new CollectorOptions(7, 1_000_000))) {
      Random chunks = new Random(shuffleSeed);
      for (int i = 0; i < shuffled.size(); ) {
        int n = 1 + chunks.nextInt(9);
        collector.ingest(shuffled.subList(i, Math.min(shuffled.size(), i + n)));
        i += n;
      }
      shuffledJson = ReportRenderer.JSON.writeValueAsString(new ReportService(store, () -> settings).summary(null, null));
    }
    assertThat(shuffledJson).isEqualTo(inOrder);
  }
}
