package dev.cto.costs.store.jdbc;

import static dev.cto.costs.store.jdbc.Records.usage;
import static dev.cto.costs.store.jdbc.Records.withRequestId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.store.UsageFilter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** token_usage partitioned by month on a real PostgreSQL (migration V12, {@link Partitions}). */
class PostgresPartitionsTest {

  private static final String REPO = "o/r";

  static EmbeddedPostgres postgres;
  private static int databases;
  private String database;
  private JdbcStore store;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
  }

  @AfterAll
  static void stopPostgres() throws Exception {
    postgres.close();
  }

  @BeforeEach
  void open() throws Exception {
    database = newDatabase("partitions_");
    store = JdbcStore.openPostgres(url(), "postgres", null);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void theTableIsPartitionedByMonthWithThisMonthAndTheNextTwoCreatedByTheMigration() throws Exception {
    try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT partstrat FROM pg_partitioned_table WHERE partrelid = 'token_usage'::regclass")) {
      assertThat(rs.next()).as("token_usage is a partitioned table").isTrue();
      assertThat(rs.getString(1)).isEqualTo("r"); // by range
    }
    YearMonth now = YearMonth.now(ZoneOffset.UTC);
    assertThat(partitions()).contains(Partitions.DEFAULT_PARTITION,
        "token_usage_y" + now.getYear() + "m" + String.format("%02d", now.getMonthValue()),
        Partitions.nameOf(now.plusMonths(1)), Partitions.nameOf(now.plusMonths(2)));
  }

  @Test
  void partitionsAreCreatedAheadOnceAndTheirIndexesComeWithThem() throws Exception {
    Instant june2027 = Instant.parse("2027-06-10T08:00:00Z");
    assertThat(store.preparePartitions(june2027)).isEqualTo(3);
    assertThat(partitions()).contains("token_usage_y2027m06", "token_usage_y2027m07", "token_usage_y2027m08")
        .doesNotContain("token_usage_y2027m09");
    assertThat(store.preparePartitions(june2027)).as("already there").isZero();
    try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT count(*) FROM pg_indexes WHERE tablename = 'token_usage_y2027m07'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("primary key and the five indexes of token_usage").isEqualTo(6);
    }
  }

  @Test
  void recordsOfSeveralMonthsLandInTheirPartitionsAndThoseWithoutOneAreMovedThereLater() throws Exception {
    store.preparePartitions(Instant.parse("2026-03-01T00:00:00Z")); // March, April, May 2026
    Set<String> stored = store.insert(List.of(
        usage("mar", REPO, 1L, "rex", "code", 1, "m", 10, 1, 100, "2026-03-31T23:59:59.999999Z"),
        usage("apr", REPO, 1L, "rex", "code", 1, "m", 20, 1, 200, "2026-04-01T00:00:00Z"),
        usage("may", REPO, 1L, "rex", "code", 1, "m", 30, 1, 300, "2026-05-20T12:00:00Z"),
        usage("old", REPO, 1L, "rex", "code", 1, "m", 40, 1, 400, "2025-07-04T12:00:00Z")));
    assertThat(stored).containsExactlyInAnyOrder("mar", "apr", "may", "old");
    assertThat(rowsPerPartition()).containsEntry("token_usage_y2026m03", 1L)
        .containsEntry("token_usage_y2026m04", 1L).containsEntry("token_usage_y2026m05", 1L)
        .containsEntry(Partitions.DEFAULT_PARTITION, 1L); // July 2025 has no partition: stored all the same

    assertThat(store.preparePartitions(Instant.parse("2026-03-01T00:00:00Z"))).as("July 2025's").isEqualTo(1);
    Map<String, Long> after = rowsPerPartition();
    assertThat(after).containsEntry("token_usage_y2025m07", 1L).doesNotContainKey(Partitions.DEFAULT_PARTITION);
    assertThat(store.totals(UsageFilter.ALL).records()).isEqualTo(4);
    assertThat(store.totals(UsageFilter.ALL).cost().nanos()).isEqualTo(1000);
    // the moved record is still one record: its id is still known
    assertThat(store.insert(List.of(usage("old", REPO, 1L, "rex", "code", 1, "m", 40, 1, 400, "2025-07-04T12:00:00Z"))))
        .isEmpty();
  }

  @Test
  void aRecordSentAgainInAnotherMonthOrUnderAnotherIdForTheSameRequestIsCountedOnce() {
    store.preparePartitions(Instant.parse("2026-03-01T00:00:00Z"));
    PricedUsage first = withRequestId(usage("a", REPO, 1L, "rex", "code", 1, "m", 10, 1, 100, "2026-03-10T00:00:00Z"), "req_1");
    assertThat(store.insert(List.of(first))).containsExactly("a");

    // the same id with a timestamp of another month (another partition): not a second record
    PricedUsage sameIdLater = withRequestId(usage("a", REPO, 1L, "rex", "code", 1, "m", 10, 1, 100, "2026-04-10T00:00:00Z"), "req_9");
    // the same provider request under another id (the log import after the proxy), a month later
    PricedUsage sameRequestLater = withRequestId(usage("b", REPO, 1L, "rex", "code", 1, "m", 10, 1, 100, "2026-05-10T00:00:00Z"), "req_1");
    // within one batch: two ids, one request, in two months; the first one stays
    PricedUsage c1 = withRequestId(usage("c1", REPO, 1L, "rex", "code", 1, "m", 5, 1, 7, "2026-04-02T00:00:00Z"), "req_2");
    PricedUsage c2 = withRequestId(usage("c2", REPO, 1L, "rex", "code", 1, "m", 5, 1, 7, "2026-05-02T00:00:00Z"), "req_2");
    assertThat(store.insert(List.of(sameIdLater, sameRequestLater, c1, c2))).containsExactly("c1");

    assertThat(store.totals(UsageFilter.ALL).records()).isEqualTo(2);
    assertThat(store.totals(UsageFilter.ALL).cost().nanos()).isEqualTo(107);
  }

  @Test
  void replicasSendingTheSameRecordsAtOnceStoreEachOnce() throws Exception {
    store.preparePartitions(Instant.parse("2026-03-01T00:00:00Z"));
    List<PricedUsage> batch = new ArrayList<>();
    for (int i = 0; i < 600; i++) { // over one 500-row statement, across three months
      batch.add(usage("r" + i, REPO, 1L + i % 7, "rex", "code", 1, "m", i, 1, i, "2026-0" + (3 + i % 3) + "-15T10:00:00Z"));
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<JdbcStore> replicas = List.of(store, JdbcStore.openPostgres(url(), "postgres", null),
        JdbcStore.openPostgres(url(), "postgres", null), JdbcStore.openPostgres(url(), "postgres", null));
    try {
      List<Future<Set<String>>> results = new ArrayList<>();
      for (JdbcStore replica : replicas) {
        List<PricedUsage> mine = new ArrayList<>(batch);
        java.util.Collections.shuffle(mine, new java.util.Random(replicas.indexOf(replica)));
        results.add(pool.submit((Callable<Set<String>>) () -> replica.insert(mine)));
      }
      long acknowledgedNew = 0;
      for (Future<Set<String>> f : results) {
        acknowledgedNew += f.get(120, TimeUnit.SECONDS).size();
      }
      assertThat(acknowledgedNew).as("each record new for exactly one replica").isEqualTo(600);
    } finally {
      pool.shutdownNow();
      replicas.stream().filter(r -> r != store).forEach(JdbcStore::close);
    }
    assertThat(store.totals(UsageFilter.ALL).records()).isEqualTo(600);
    assertThat(store.totals(UsageFilter.ALL).cost().nanos()).isEqualTo(599L * 600 / 2);
  }

  @Test
  void retentionDropsTheMonthsBeforeTheCutoffAndDeletesRowsOnlyInTheCutoffsMonth() throws Exception {
    store.preparePartitions(Instant.parse("2026-03-01T00:00:00Z"));
    store.insert(List.of(
        usage("mar1", REPO, 1L, "rex", "code", 1, "m", 1, 1, 1, "2026-03-05T00:00:00Z"),
        usage("mar2", REPO, 1L, "rex", "code", 1, "m", 1, 1, 2, "2026-03-25T00:00:00Z"),
        usage("apr1", REPO, 1L, "rex", "code", 1, "m", 1, 1, 4, "2026-04-05T00:00:00Z"),
        usage("apr2", REPO, 1L, "rex", "code", 1, "m", 1, 1, 8, "2026-04-25T00:00:00Z"),
        usage("may1", REPO, 1L, "rex", "code", 1, "m", 1, 1, 16, "2026-05-05T00:00:00Z")));

    assertThat(store.deleteOlderThan(Instant.parse("2026-04-15T00:00:00Z"))).isEqualTo(3);

    assertThat(partitions()).doesNotContain("token_usage_y2026m03")
        .contains("token_usage_y2026m04", "token_usage_y2026m05");
    assertThat(rowsPerPartition()).containsEntry("token_usage_y2026m04", 1L).containsEntry("token_usage_y2026m05", 1L);
    assertThat(store.totals(UsageFilter.ALL).records()).isEqualTo(2);
    assertThat(store.totals(UsageFilter.ALL).cost().nanos()).isEqualTo(24);
    try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery("SELECT id FROM usage_keys ORDER BY id")) {
      List<String> keys = new ArrayList<>();
      while (rs.next()) {
        keys.add(rs.getString(1));
      }
      assertThat(keys).as("the keys go with their records").containsExactly("apr2", "may1");
    }
    // as on SQLite: a record sent again after retention removed it is stored again
    assertThat(store.insert(List.of(usage("mar1", REPO, 1L, "rex", "code", 1, "m", 1, 1, 1, "2026-03-05T00:00:00Z"))))
        .containsExactly("mar1");
    assertThat(rowsPerPartition()).containsEntry(Partitions.DEFAULT_PARTITION, 1L);
  }

  @Test
  void aDatabaseOfTheUnpartitionedSchemaKeepsItsRecordsAndTheirIdsWhenUpgraded() throws Exception {
    String name = newDatabase("upgrade_");
    String upgradeUrl = postgres.getJdbcUrl("postgres", name);
    Flyway.configure().dataSource(upgradeUrl, "postgres", null).locations(SchemaMigrator.LOCATION).target("10")
        .load().migrate();
    try (Connection c = postgres.getDatabase("postgres", name).getConnection(); var st = c.createStatement()) {
      // rows as version 10 stored them: one unique id and request id index on token_usage itself
      String cols = "(id, repository, pr_number, agent, stage, iteration, model, input_tokens, output_tokens,"
          + " cache_write_5m_tokens, cache_write_1h_tokens, cache_read_tokens, cost_nanos, priced, request_id,"
          + " occurred_at, usage_day, recorded_at)";
      long jan = Columns.micros(Instant.parse("2026-01-10T00:00:00Z"));
      long feb = Columns.micros(Instant.parse("2026-02-10T00:00:00Z"));
      st.executeUpdate("INSERT INTO token_usage " + cols + " VALUES"
          + " ('jan', 'o/r', 2, 'rex', 'code', 1, 'm', 1, 1, 0, 0, 0, 5, 1, 'req_jan', " + jan + ", 20463, 1),"
          + " ('feb', 'o/r', 2, 'rex', 'code', 1, 'm', 1, 1, 0, 0, 0, 6, 1, NULL, " + feb + ", 20494, 1)");
    }

    try (JdbcStore upgraded = JdbcStore.openPostgres(upgradeUrl, "postgres", null)) {
      assertThat(upgraded.ranMigrations()).isTrue();
      List<PricedUsage> records = new ArrayList<>();
      upgraded.forEachRecord(UsageFilter.ALL, records::add); // the records themselves, not the rollup
      assertThat(records).extracting(PricedUsage::id).containsExactly("jan", "feb");
      assertThat(records).extracting(r -> r.cost().nanos()).containsExactly(5L, 6L);
      // the stored ids and request ids still make re-sent records duplicates
      assertThat(upgraded.insert(List.of(
          usage("jan", REPO, 2L, "rex", "code", 1, "m", 1, 1, 5, "2026-01-10T00:00:00Z"),
          withRequestId(usage("jan-again", REPO, 2L, "rex", "code", 1, "m", 1, 1, 5, "2026-01-10T00:00:00Z"), "req_jan"))))
          .isEmpty();
    }
    try (Connection c = postgres.getDatabase("postgres", name).getConnection(); ResultSet rs = c.createStatement()
        .executeQuery("SELECT tableoid::regclass::text, id FROM token_usage ORDER BY id")) {
      Map<String, String> partitionOf = new TreeMap<>();
      while (rs.next()) {
        partitionOf.put(rs.getString(2), rs.getString(1));
      }
      assertThat(partitionOf).containsExactly(
          Map.entry("feb", "token_usage_y2026m02"), Map.entry("jan", "token_usage_y2026m01"));
    }
  }

  private String newDatabase(String prefix) throws Exception {
    String name = prefix + (++databases);
    try (Connection c = postgres.getPostgresDatabase().getConnection()) {
      c.createStatement().execute("CREATE DATABASE " + name);
    }
    return name;
  }

  private String url() {
    return postgres.getJdbcUrl("postgres", database);
  }

  private Connection connect() throws Exception {
    return postgres.getDatabase("postgres", database).getConnection();
  }

  private List<String> partitions() throws Exception {
    try (Connection c = connect()) {
      return Partitions.names(c);
    }
  }

  private Map<String, Long> rowsPerPartition() throws Exception {
    Map<String, Long> rows = new TreeMap<>();
    try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(
        "SELECT tableoid::regclass::text, count(*) FROM token_usage GROUP BY 1")) {
      while (rs.next()) {
        rows.put(rs.getString(1), rs.getLong(2));
      }
    }
    return rows;
  }
}
