package dev.cto.costs.store.jdbc;

import dev.cto.costs.domain.PrOutcome;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.ThresholdCrossing;
import dev.cto.costs.domain.ThresholdLevel;
import dev.cto.costs.domain.Usd;
import dev.cto.costs.store.AlertDelivery;
import dev.cto.costs.store.AlertOutbox;
import dev.cto.costs.store.Announcements;
import dev.cto.costs.store.CostQueries;
import dev.cto.costs.store.CostUpdate;
import dev.cto.costs.store.Dimension;
import dev.cto.costs.store.GroupTotals;
import dev.cto.costs.store.PrAgentWork;
import dev.cto.costs.store.BudgetLedger;
import dev.cto.costs.store.PrOutcomes;
import dev.cto.costs.store.StoreException;
import dev.cto.costs.store.StoreHealth;
import dev.cto.costs.store.StoreMissingException;
import dev.cto.costs.store.StoreUnavailableException;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.UsageStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/** The store ports over JDBC, for SQLite and PostgreSQL alike (one schema, one SQL dialect). */
public final class JdbcStore implements UsageStore, CostQueries, AlertOutbox, Announcements, PrOutcomes, BudgetLedger {

  private final StoreLocation location;
  /** Replaced once, when a bulk load's file is put in place (then opened as usual). */
  private volatile Connections connections;
  private final UsageInserter inserter;
  private final Crossings crossings = new Crossings();
  private final Outbox outbox = new Outbox();
  private final Outcomes outcomes = new Outcomes();
  private final Reservations reservations = new Reservations();
  private final Clock clock;
  private final StoreBreaker breaker;
  private ScheduledExecutorService prober;
  private final boolean migrated;
  /** A first import's load into a scratch file, until {@link #finishBulkLoad}; null otherwise. */
  private volatile SqliteBulkLoad bulk;
  /** A write of the bulk load failed: without a journal nothing was rolled back, so nothing is kept. */
  private volatile boolean bulkFailed;
  /** Whether the bulk load received any record: one that received none leaves no database behind. */
  private volatile boolean bulkReceived;

  private JdbcStore(StoreLocation location, Connections connections, Clock clock) {
    this(location, connections, clock, null);
  }

  private JdbcStore(StoreLocation location, Connections connections, Clock clock, SqliteBulkLoad bulk) {
    this.location = location;
    this.connections = connections;
    this.clock = clock;
    this.bulk = bulk;
    this.breaker = new StoreBreaker(location.describe());
    this.inserter = new UsageInserter(location.isSqlite());
    this.migrated = ensureSchema();
    if (bulk != null) {
      write("prepare the bulk load", c -> {
        bulk.deferIndexes(c);
        return null;
      });
    }
  }

  public static JdbcStore openSqlite(Path file) {
    return open(StoreLocation.sqlite(file));
  }

  public static JdbcStore openPostgres(String jdbcUrl, String user, String password) {
    return open(StoreLocation.postgres(jdbcUrl, user, password));
  }

  /** Opens the store for writing: a missing SQLite file (and its directories) is created. */
  public static JdbcStore open(StoreLocation location) {
    return open(location, location.isSqlite()
        ? new SqliteConnections(location.sqliteFile(), SqliteConnections.Options.WRITE)
        : new PostgresConnections(location));
  }

  /**
   * Opens an existing store for reading: a missing SQLite file is an error naming the path, never
   * a new empty database (a typo in {@code --db} used to create one, then report "no cost data").
   */
  public static JdbcStore openExisting(StoreLocation location) {
    if (location.isSqlite() && !Files.isRegularFile(location.sqliteFile())) {
      throw new StoreMissingException("no cost database at " + location.sqliteFile()
          + ": check --db (or COST_DB_PATH); a new database is created by the first"
          + " `costs record`, `costs ingest`, `costs import` or `costs serve` that writes to that path");
    }
    return open(location, location.isSqlite()
        ? new SqliteConnections(location.sqliteFile(), SqliteConnections.Options.READ)
        : new PostgresConnections(location));
  }

  /**
   * Opens the store for a one-off import: into a SQLite file that does not exist yet, the records
   * are bulk-loaded into a scratch file ({@link SqliteBulkLoad}) which {@link #finishBulkLoad}
   * completes and puts in place; otherwise (an existing file, PostgreSQL) the same as {@link #open}.
   */
  public static JdbcStore openForFirstLoad(StoreLocation location) {
    SqliteBulkLoad load = location.isSqlite() ? SqliteBulkLoad.begin(location.sqliteFile()) : null;
    if (load == null) {
      return open(location);
    }
    Connections scratch = new SqliteConnections(load.scratch(), SqliteConnections.Options.BULK_LOAD);
    try {
      return new JdbcStore(location, scratch, Clock.systemUTC(), load);
    } catch (RuntimeException e) {
      scratch.close();
      load.abandon();
      throw e;
    }
  }

  /** Whether records are going into a bulk load's scratch file, not yet into the database. */
  public boolean bulkLoading() {
    return bulk != null;
  }

  /**
   * Completes a bulk load, once every record is written: builds the deferred indexes and the
   * daily rollup, puts the file in place whole, and from then on works on it as a store opened
   * the usual way. Does nothing for a store that was not bulk-loading. A failure deletes the
   * scratch file: nothing of the load is stored, and the import (which saves its state only
   * after this) is simply run again. A load that received no record is dropped instead, so an
   * import that found nothing leaves no empty database, as before.
   *
   * @return whether a database was put in place
   */
  public synchronized boolean finishBulkLoad() {
    SqliteBulkLoad load = bulk;
    if (load == null) {
      return false;
    }
    if (!bulkReceived) {
      close();
      return false;
    }
    try {
      if (bulkFailed) {
        throw new StoreException("a write of the bulk load into " + location.describe()
            + " failed earlier: nothing of this import was stored");
      }
      Connection c = connect(true);
      try {
        inTransaction(c, w -> {
          load.buildAfterLoad(w);
          return null;
        });
        load.switchToWal(c);
      } catch (SQLException e) {
        throw failure("build the indexes and the daily rollup", e);
      } finally {
        connections.release(c);
      }
      connections.close();
      load.placeAtomically();
    } catch (RuntimeException e) {
      connections.close();
      load.abandon();
      throw e instanceof StoreException ? e : new StoreException(e.getMessage(), e);
    }
    connections = new SqliteConnections(location.sqliteFile(), SqliteConnections.Options.WRITE);
    bulk = null;
    return true;
  }

  static JdbcStore open(StoreLocation location, Connections connections) {
    try {
      return new JdbcStore(location, connections, Clock.systemUTC());
    } catch (RuntimeException e) {
      connections.close();
      throw e;
    }
  }

  public StoreLocation location() {
    return location;
  }

  /** For tests in this package: the breaker, to put the store into a state directly. */
  StoreBreaker breaker() {
    return breaker;
  }

  /** Whether opening this store ran the migrations (false for an up-to-date database). */
  public boolean ranMigrations() {
    return migrated;
  }

  private boolean ensureSchema() {
    if (schemaIsUpToDate()) {
      return false;
    }
    try {
      SchemaMigrator.migrate(bulk == null ? location : StoreLocation.sqlite(bulk.scratch()));
      return true;
    } catch (RuntimeException e) {
      throw new StoreException("cannot create the schema in " + location.describe() + ": " + rootMessage(e), e);
    }
  }

  /**
   * Whether every shipped migration is applied. SQLite answers a reader that arrives while another connection
   * rebuilds the WAL index after a process exit with SQLITE_BUSY at once, without waiting on the
   * busy timeout: that first read is retried for a moment instead of failing the command.
   */
  private boolean schemaIsUpToDate() {
    for (int attempt = 1; ; attempt++) {
      try {
        return read("check the schema version", SchemaMigrator::isUpToDate);
      } catch (StoreException e) {
        if (attempt == 20 || !String.valueOf(rootMessage(e)).contains("SQLITE_BUSY")) {
          throw e;
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @Override
  public Set<String> insert(List<PricedUsage> records) {
    if (records.isEmpty()) {
      return Set.of();
    }
    bulkReceived = true;
    return write("store usage records", c -> {
      List<PricedUsage> fresh = inserter.insert(c, records, clock.instant());
      if (bulk == null) {
        Rollups.add(c, fresh); // a bulk load builds the rollup once, after the last record
      }
      Set<String> ids = new HashSet<>();
      fresh.forEach(r -> ids.add(r.id()));
      return ids;
    });
  }

  @Override
  public int updateCosts(List<CostUpdate> updates) {
    if (updates.isEmpty()) {
      return 0;
    }
    return write("update costs", c -> {
      Set<Integer> days = new TreeSet<>();
      int changed = 0;
      try (PreparedStatement day = c.prepareStatement("SELECT usage_day FROM token_usage WHERE id = ?");
          PreparedStatement ps =
              c.prepareStatement(
                  "UPDATE token_usage SET cost_nanos = ?, provider = ?, priced = ?, cache_savings_nanos = ? WHERE id = ?")) {
        for (CostUpdate u : updates) {
          ps.setLong(1, u.cost().nanos());
          ps.setString(2, u.provider());
          ps.setInt(3, u.priced() ? 1 : 0);
          ps.setLong(4, u.cacheSavings().nanos());
          ps.setString(5, u.id());
          if (ps.executeUpdate() == 1) {
            changed++;
            day.setString(1, u.id());
            try (ResultSet rs = day.executeQuery()) {
              if (rs.next()) {
                days.add(rs.getInt(1));
              }
            }
          }
        }
      }
      Rollups.rebuildDays(c, days);
      return changed;
    });
  }

  @Override
  public long fillCacheSavings(Function<PricedUsage, Usd> savings) {
    if (unknownCacheSavingsRecords() == 0) {
      return 0;
    }
    // most old records save nothing whatever the price (no cache reads, or no price): one statement
    long filled = write("fill in cache savings", SavingsBackfill::zeroWherePriceCannotMatter);
    List<PricedUsage> chunk = new ArrayList<>();
    long[] priced = {0};
    read("read records without cache savings", c -> {
      SavingsBackfill.forEachUnknown(c, stored -> {
        Usd s = savings.apply(stored);
        if (s != null) {
          chunk.add(new PricedUsage(stored.record(), stored.provider(), stored.cost(), stored.priced(), s));
        }
        if (chunk.size() == SavingsBackfill.CHUNK) {
          priced[0] += write("fill in cache savings", w -> SavingsBackfill.set(w, chunk));
          chunk.clear();
        }
      });
      return null;
    });
    priced[0] += write("fill in cache savings", w -> SavingsBackfill.set(w, chunk));
    return filled + priced[0];
  }

  @Override
  public long unknownCacheSavingsRecords() {
    return read("count records without cache savings", SavingsBackfill::unknownRecords);
  }

  @Override
  public long deleteOlderThan(java.time.Instant cutoff) {
    return write("delete old records", c -> {
      int cutoffDay = Columns.epochDay(cutoff);
      long deleted;
      if (location.isSqlite()) {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM token_usage WHERE occurred_at < ?")) {
          ps.setLong(1, Columns.micros(cutoff));
          deleted = ps.executeUpdate();
        }
      } else {
        deleted = Partitions.dropOlderThan(c, cutoff); // whole months go as partitions, not row by row
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM usage_daily WHERE usage_day < ?")) {
        ps.setInt(1, cutoffDay);
        ps.executeUpdate();
      }
      Rollups.rebuildDays(c, List.of(cutoffDay)); // the cutoff's own day lost only part of its records
      return deleted;
    });
  }

  /**
   * PostgreSQL: creates the monthly partitions of {@code now}'s month and the next ones, and moves
   * records that landed in the default partition into their month's. The service runs it at start
   * and hourly; any replica may (they take turns on an advisory lock). SQLite: nothing to do.
   *
   * @return how many partitions were created
   */
  public int preparePartitions(Instant now) {
    if (location.isSqlite()) {
      return 0;
    }
    return write("create the partitions ahead", c -> Partitions.prepare(c, now));
  }

  @Override
  public boolean recordCrossing(ThresholdCrossing crossing) {
    return write("record a threshold crossing", c -> crossings.record(c, crossing));
  }

  @Override
  public Set<ThresholdLevel> crossedLevels(String repository, long prNumber) {
    Set<ThresholdLevel> levels = new TreeSet<>();
    crossings(repository, prNumber).forEach(c -> levels.add(c.level()));
    return levels;
  }

  @Override
  public List<ThresholdCrossing> crossings(String repository, long prNumber) {
    return read("read threshold crossings", c -> crossings.list(c, repository, prNumber));
  }

  @Override
  public int fanOut(java.util.Collection<String> sinks, java.time.Instant now) {
    if (!read("look for alerts to queue", outbox::hasWaiting)) {
      return 0;
    }
    return write("queue alerts", c -> outbox.fanOut(c, sinks, now));
  }

  @Override
  public List<AlertDelivery> claimDue(java.util.Collection<String> sinks, java.time.Instant now, java.time.Instant claimUntil, int limit) {
    List<AlertDelivery> candidates = read("look for due alerts", c -> outbox.candidates(c, sinks, now, limit));
    if (candidates.isEmpty()) {
      return List.of();
    }
    return write("claim alerts", c -> outbox.claim(c, candidates, now, claimUntil));
  }

  @Override
  public boolean markDelivered(AlertDelivery delivery, java.time.Instant at) {
    return write("mark an alert delivered", c -> outbox.markDelivered(c, delivery, at));
  }

  @Override
  public boolean markFailed(AlertDelivery delivery, String error, java.time.Instant retryAt) {
    return write("record a failed alert", c -> outbox.markFailed(c, delivery, error, retryAt));
  }

  @Override
  public List<DeliveryState> deliveries(String repository, long prNumber) {
    return read("read threshold alert deliveries", c -> outbox.list(c, repository, prNumber));
  }

  @Override
  public List<CrossingAlert> recentCrossings(String repository, Instant from, Instant until, int limit) {
    return read("read recent threshold crossings", c -> outbox.recentCrossings(c, crossings.recent(c, repository, from, until, limit)));
  }

  @Override
  public boolean announce(dev.cto.costs.domain.Announcement announcement) {
    return write("record an announcement", c -> outbox.announce(c, announcement));
  }

  @Override
  public List<dev.cto.costs.domain.Announcement> announcements(String event, Instant from, Instant until, int limit) {
    return read("read announcements", c -> outbox.announcements(c, event, from, until, limit));
  }

  @Override
  public List<DeliveryState> announcementDeliveries(String event, String subject) {
    return read("read announcement deliveries", c -> outbox.listAnnouncement(c, event, subject));
  }

  @Override
  public int saveOutcomes(java.util.Collection<PrOutcome> list) {
    return list.isEmpty() ? 0 : write("store PR outcomes", c -> outcomes.save(c, list));
  }

  @Override
  public java.util.Optional<PrOutcome> outcome(String repository, long prNumber) {
    return read("read a PR outcome", c -> outcomes.find(c, repository, prNumber));
  }

  @Override
  public List<PrOutcome> outcomesWithUsage(UsageFilter filter) {
    return read("read PR outcomes", c -> outcomes.withUsage(c, filter));
  }

  @Override
  public List<PrKey> prsNeedingSync(UsageFilter filter) {
    return read("list PRs to sync", c -> outcomes.needingSync(c, filter));
  }

  @Override
  public dev.cto.costs.domain.Usd spent(SpendScope scope) {
    return read("sum a budget's spend", c -> reservations.spent(c, scope));
  }

  @Override
  public List<PrSpend> spentPerPr(SpendScope scope, int limit) {
    return read("sum a budget's spend per PR", c -> reservations.spentPerPr(c, scope, limit));
  }

  @Override
  public List<PrSpend> prsSpentAtLeast(SpendScope scope, dev.cto.costs.domain.Usd atLeast) {
    return read("list a budget's PRs near their limit", c -> reservations.prsSpentAtLeast(c, scope, atLeast));
  }

  @Override
  public java.util.Map<String, dev.cto.costs.domain.Usd> reserved(String keyPrefix, java.time.Instant now) {
    return read("read budget reservations", c -> reservations.reserved(c, keyPrefix, now));
  }

  @Override
  public Decision reserve(String reservationId, List<Claim> claims, dev.cto.costs.domain.Usd amount,
      java.time.Instant now, java.time.Instant expiresAt) {
    if (claims.isEmpty()) {
      return new Granted(reservationId);
    }
    return write("reserve budget", c -> reservations.reserve(c, reservationId, claims, amount, now, expiresAt));
  }

  @Override
  public boolean settle(String reservationId, dev.cto.costs.domain.Usd actual, String recordId, java.time.Instant expiresAt) {
    return write("settle a budget reservation", c -> reservations.settle(c, reservationId, actual, recordId, expiresAt));
  }

  @Override
  public Lease lease(String leaseId, Claim claim, dev.cto.costs.domain.Usd amount, boolean grow, java.time.Instant now,
      java.time.Instant expiresAt) {
    return write("resize a budget lease", c -> reservations.lease(c, leaseId, claim, amount, grow, now, expiresAt));
  }

  @Override
  public java.util.Optional<Held> reservation(String reservationId) {
    return read("read a budget reservation", c -> reservations.reservation(c, reservationId));
  }

  @Override
  public boolean release(String reservationId) {
    return write("release a budget reservation", c -> reservations.release(c, reservationId));
  }

  @Override
  public int purgeReservations(java.time.Instant now) {
    return write("purge budget reservations", c -> reservations.purge(c, now));
  }

  @Override
  public boolean isReachable() {
    try {
      return read("check the database", c -> c.isValid(2));
    } catch (StoreException e) {
      return false;
    }
  }

  /**
   * The store's state, without waiting on the database: the last call's outcome, and (SQLite) a
   * look at whether the file is still the one opened. For {@code /readyz} and metrics.
   */
  @Override
  public StoreHealth health() {
    String problem = connections.fileProblem();
    if (problem != null) {
      breaker.down(StoreHealth.Condition.FILE_GONE, problem);
      startProber();
    }
    return breaker.health();
  }

  /**
   * Tests a store that is down, bypassing the breaker: a read when reads failed, a write that
   * changes nothing when only writes did. Runs every second in the background while the store is
   * down, so it comes back without waiting for traffic (a not-ready collector gets none).
   */
  public void probe() {
    StoreHealth h = health();
    if (h.isUp() || connections.fileProblem() != null) {
      return;
    }
    boolean write = !h.condition().blocks(false);
    try {
      Connection c = connections.writer();
      try {
        if (write) {
          inTransaction(c, this::harmlessWrite);
        } else if (!c.isValid(2)) {
          throw new SQLException("the connection did not answer within 2 s", "08006");
        }
      } finally {
        connections.release(c);
      }
      breaker.succeeded(write);
    } catch (SQLException | RuntimeException e) {
      breaker.failed(e);
    }
  }

  /** A write that needs the disk and a writable database but leaves no trace. */
  private Void harmlessWrite(Connection c) throws SQLException {
    try (java.sql.Statement s = c.createStatement()) {
      if (location.isSqlite()) {
        int version;
        try (ResultSet rs = s.executeQuery("PRAGMA user_version")) {
          version = rs.next() ? rs.getInt(1) : 0;
        }
        s.execute("PRAGMA user_version = " + version); // rewrites the header page: a real commit
      } else {
        s.execute("CREATE TEMP TABLE cto_costs_probe (x int) ON COMMIT DROP");
      }
    }
    return null;
  }

  private synchronized void startProber() {
    if (prober == null) {
      prober = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "store-probe");
        t.setDaemon(true);
        return t;
      });
      prober.scheduleWithFixedDelay(this::probe, 1, 1, TimeUnit.SECONDS);
    }
  }

  /**
   * Outside the breaker: a poll that fails says nothing about the reports' connections, and the
   * caller keeps its last marker meanwhile.
   */
  @Override
  public long changeMarker() {
    try {
      return connections.changeMarker();
    } catch (SQLException e) {
      throw new StoreException("read the change marker: " + e.getMessage(), e);
    }
  }

  @Override
  public List<GroupTotals> aggregate(UsageFilter filter, List<Dimension> groupBy, int limit) {
    return read("aggregate usage", c -> new AggregateQuery(filter, groupBy, limit).run(c));
  }

  @Override
  public List<GroupTotals> aggregateUnordered(UsageFilter filter, List<Dimension> groupBy) {
    return read("aggregate usage", c -> new AggregateQuery(filter, groupBy, 0, false).run(c));
  }

  @Override
  public List<PrAgentWork> prAgentWork(UsageFilter filter) {
    return read("sum usage per PR and agent", c -> PrAgentWorkQuery.run(c, filter));
  }

  @Override
  public List<GroupTotals> aggregateBySize(UsageFilter filter, java.util.Collection<String> models, long wholeInputAbove) {
    return read("aggregate usage by size", c -> SizeSplitQuery.run(c, filter, models, wholeInputAbove));
  }

  @Override
  public SortedMap<LocalDate, Usd> dailyCost(UsageFilter filter) {
    return read("sum spend per day", c -> DailyCostQuery.run(c, filter));
  }

  @Override
  public void forEachRecord(UsageFilter filter, Consumer<PricedUsage> sink) {
    read("read usage records", c -> {
      List<Object> params = new ArrayList<>();
      String sql = RecordRows.select(filter, params);
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setFetchSize(1000);
        for (int i = 0; i < params.size(); i++) {
          ps.setObject(i + 1, params.get(i));
        }
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            sink.accept(RecordRows.map(rs));
          }
        }
        c.commit();
      } finally {
        c.setAutoCommit(autoCommit);
      }
      return null;
    });
  }

  /** Closes the connections; a bulk load never finished is abandoned (no target is ever half made). */
  @Override
  public void close() {
    synchronized (this) {
      if (prober != null) {
        prober.shutdownNow();
      }
      connections.close();
      SqliteBulkLoad load = bulk;
      if (load != null) {
        load.abandon();
        bulk = null;
      }
    }
  }

  interface SqlWork<T> {
    T run(Connection c) throws SQLException;
  }

  private <T> T write(String operation, SqlWork<T> work) {
    breaker.admit(true);
    refuseMovedFile();
    Connection c = connect(true);
    boolean done = false;
    try {
      T result = inTransaction(c, work);
      // a commit that raced a delete or replace went to a file no longer at the path: not acknowledged
      refuseMovedFile();
      breaker.succeeded(true);
      done = true;
      return result;
    } catch (SQLException e) {
      throw failure(operation, e);
    } finally {
      if (!done && bulk != null) {
        bulkFailed = true;
      }
      connections.release(c);
    }
  }

  private <T> T read(String operation, SqlWork<T> work) {
    breaker.admit(false);
    refuseMovedFile();
    Connection c = connect(false);
    try {
      T result = work.run(c);
      breaker.succeeded(false);
      return result;
    } catch (SQLException e) {
      throw failure(operation, e);
    } finally {
      connections.release(c);
    }
  }

  /**
   * Runs the work in one transaction. When SQLite hits a full disk or an I/O error it has already
   * rolled the transaction back itself; the rollback, and sqlite-jdbc's {@code setAutoCommit(true)}
   * (which sends {@code COMMIT}), then fail with "no transaction is active". That second error
   * used to replace the first, so a full disk was logged as "cannot commit - no transaction is
   * active": the original failure is what propagates.
   */
  private static <T> T inTransaction(Connection c, SqlWork<T> work) throws SQLException {
    c.setAutoCommit(false);
    boolean failed = true;
    try {
      T result = work.run(c);
      c.commit();
      failed = false;
      return result;
    } catch (SQLException | RuntimeException e) {
      rollbackQuietly(c);
      throw e;
    } finally {
      try {
        c.setAutoCommit(true);
      } catch (SQLException e) {
        if (!failed) {
          throw e;
        }
      }
    }
  }

  private Connection connect(boolean write) {
    try {
      return write ? connections.writer() : connections.reader();
    } catch (SQLException e) {
      StoreHealth.Condition condition = breaker.failed(e);
      if (condition != null) {
        startProber();
      }
      String message = "cannot connect to " + where() + ": " + SqlFailures.reason(e);
      throw condition == null ? SqlFailures.classify(message, e, location.isSqlite()) : unavailable(message, e);
    }
  }

  private void refuseMovedFile() {
    String problem = connections.fileProblem();
    if (problem != null) {
      breaker.down(StoreHealth.Condition.FILE_GONE, problem);
      startProber();
      throw breaker.unavailable(breaker.health());
    }
  }

  private StoreException failure(String operation, SQLException e) {
    StoreHealth.Condition condition = breaker.failed(e);
    if (condition == null) {
      // this call's own failure (a refused record, a busy lock): the writer tells them apart
      return SqlFailures.classify("cannot " + operation + " in " + location.describe() + ": " + e.getMessage(), e,
          location.isSqlite());
    }
    startProber();
    return unavailable(
        "cannot " + operation + " in " + where() + ": " + condition.label() + " (" + SqlFailures.reason(e) + ")", e);
  }

  private StoreException unavailable(String message, Throwable cause) {
    return new StoreUnavailableException(message, breaker.health(), (int) (StoreBreaker.RETRY_MILLIS / 1000), cause);
  }

  /** "PostgreSQL at db.example:5432" (host and port, never credentials) or the SQLite file. */
  private String where() {
    return location.isSqlite() ? location.describe() : "PostgreSQL at " + location.hostAndPort();
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the original failure is what the caller needs to see
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}
