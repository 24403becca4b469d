package dev.cto.costs.web.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import dev.cto.costs.store.jdbc.JdbcStore;
import dev.cto.costs.web.ServerOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A real {@code serve} on 127.0.0.1 (SQLite file, thresholds $2 warning / $5 error) loaded with
 * generated usage: 3 repositories, ~60 PRs, 5 agents, 4 stages, 4 models (one unpriced), every day
 * of this month so far and a few days of the month before.
 */
final class DashboardFixture implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();
  static final String[] REPOS = {"5dlabs/cto", "5dlabs/web", "acme/api"};
  static final String[] AGENTS = {"rex", "cleo", "tess", "blaze", "morgan"};
  static final String[] STAGES = {"plan", "code", "review", "test"};
  static final String[] MODELS = {"claude-sonnet-4-5", "claude-opus-4-1", "gpt-5", "local-llama-3"};

  final CollectorService service;
  final String token;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private int sent;

  /** The PostgreSQL the server stores in, closed after it; null on SQLite. */
  private final AutoCloseable database;

  /** The thresholds every fixture has; a test's own config adds to them. */
  static final String THRESHOLDS = "warning_threshold: 2.00\nerror_threshold: 5.00\n";

  /** Where the server stores: a SQLite file, or the PostgreSQL URL. */
  private final Path sqliteFile;
  private final String dbUrl;

  DashboardFixture(Path dir, String token) throws IOException {
    this(dir, token, null, null, THRESHOLDS);
  }

  /**
   * @param dbUrl a PostgreSQL JDBC URL, or null for a SQLite file in {@code dir}
   * @param database closed after the server (the embedded PostgreSQL behind {@code dbUrl}), or null
   */
  private DashboardFixture(Path dir, String token, String dbUrl, AutoCloseable database, String configYaml) throws IOException {
    this.token = token;
    this.database = database;
    this.dbUrl = dbUrl;
    this.sqliteFile = dbUrl == null ? dir.resolve("costs.db") : null;
    Path config = Files.writeString(dir.resolve("costs.yaml"), configYaml);
    service = CollectorService.start(new AppOptions(dbUrl == null ? dir.resolve("costs.db") : null, dbUrl, config),
        new ServerOptions("127.0.0.1", 0, token == null ? List.of() : List.of(token), 16L * 1024 * 1024, 100_000, 14));
  }

  /** The same server storing in an embedded PostgreSQL of its own (issue 16: every page on both stores). */
  static DashboardFixture onPostgres(Path dir) throws IOException {
    return onPostgres(dir, THRESHOLDS);
  }

  /** A server on SQLite reading this cost config (budgets, webhooks, …). */
  static DashboardFixture withConfig(Path dir, String configYaml) throws IOException {
    return new DashboardFixture(dir, null, null, null, configYaml);
  }

  /** A server on its own embedded PostgreSQL reading this cost config. */
  static DashboardFixture onPostgres(Path dir, String configYaml) throws IOException {
    EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
    try {
      return new DashboardFixture(dir, null, postgres.getJdbcUrl("postgres", "postgres"), postgres, configYaml);
    } catch (IOException | RuntimeException e) {
      postgres.close();
      throw e;
    }
  }

  /** Another store on the server's database, as a second replica would open it. */
  JdbcStore replica() {
    return sqliteFile != null ? JdbcStore.openSqlite(sqliteFile) : JdbcStore.openPostgres(dbUrl, "postgres", null);
  }

  String base() {
    return "http://127.0.0.1:" + service.port();
  }

  /** Generated usage: deterministic, so a failing figure can be looked up. */
  void loadGeneratedData() throws Exception {
    Random random = new Random(42);
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    LocalDate first = today.withDayOfMonth(1).minusDays(3);
    List<String> lines = new ArrayList<>();
    for (int pr = 1; pr <= 60; pr++) {
      String repo = REPOS[pr % REPOS.length];
      int calls = 3 + random.nextInt(14);
      LocalDate day = first.plusDays(random.nextInt((int) (today.toEpochDay() - first.toEpochDay()) + 1));
      for (int c = 0; c < calls; c++) {
        String agent = AGENTS[random.nextInt(pr % 7 == 0 ? 2 : AGENTS.length)];
        String model = MODELS[random.nextInt(10) == 0 ? 3 : random.nextInt(3)];
        Instant at = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(60L * (c + 1) + random.nextInt(3000));
        if (at.isAfter(Instant.now())) {
          at = Instant.now().minusSeconds(60);
        }
        lines.add(record("gen-" + pr + "-" + c, repo, pr, agent, STAGES[random.nextInt(STAGES.length)], 1 + c / 4, model,
            20_000 + random.nextInt(400_000), 1_000 + random.nextInt(40_000), random.nextInt(200_000), at));
      }
    }
    post(String.join("\n", lines));
  }

  static String record(String id, String repo, long pr, String agent, String stage, int iteration, String model,
      long in, long out, long cacheRead, Instant at) throws IOException {
    var node = JSON.createObjectNode();
    node.put("id", id);
    node.put("repository", repo);
    node.put("pr_number", pr);
    node.put("agent", agent);
    node.put("stage", stage);
    node.put("iteration", iteration);
    node.put("model", model);
    node.put("input_tokens", in);
    node.put("output_tokens", out);
    node.put("cache_read_input_tokens", cacheRead);
    node.put("timestamp", at.toString());
    return JSON.writeValueAsString(node);
  }

  void post(String ndjson) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + "/v1/usage"))
        .header("Content-Type", "application/x-ndjson").timeout(Duration.ofSeconds(60))
        .POST(HttpRequest.BodyPublishers.ofString(ndjson));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("POST /v1/usage: " + response.statusCode() + " " + response.body());
    }
    sent += (int) ndjson.lines().count();
  }

  /** The query API's JSON, the figures the pages must show. */
  JsonNode api(String pathAndQuery) throws Exception {
    HttpResponse<String> response = get(pathAndQuery, null);
    if (response.statusCode() != 200) {
      throw new IllegalStateException(pathAndQuery + ": " + response.statusCode() + " " + response.body());
    }
    return JSON.readTree(response.body());
  }

  HttpResponse<String> get(String pathAndQuery, String acceptEncoding) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).timeout(Duration.ofSeconds(30)).GET();
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (acceptEncoding != null) {
      request.header("Accept-Encoding", acceptEncoding);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<byte[]> getBytes(String pathAndQuery, String acceptEncoding) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + pathAndQuery)).timeout(Duration.ofSeconds(30)).GET();
    if (acceptEncoding != null) {
      request.header("Accept-Encoding", acceptEncoding);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Month to date, the default range: the API's form (its until is exclusive). */
  static String monthToDate() {
    LocalDate today = LocalDate.now(ZoneOffset.UTC);
    return "since=" + today.withDayOfMonth(1) + "&until=" + today.plusDays(1);
  }

  @Override
  public void close() {
    service.close();
    if (database != null) {
      try {
        database.close();
      } catch (Exception e) {
        throw new IllegalStateException("closing the test database", e);
      }
    }
  }
}
