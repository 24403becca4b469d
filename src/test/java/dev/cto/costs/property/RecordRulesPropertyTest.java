package dev.cto.costs.property;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cto.costs.collect.CollectorOptions;
import dev.cto.costs.collect.FieldError;
import dev.cto.costs.collect.IngestResult;
import dev.cto.costs.collect.ParsedBatch;
import dev.cto.costs.collect.UsageCollector;
import dev.cto.costs.collect.UsageRecordReader;
import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.CostSettings;
import dev.cto.costs.domain.InvalidRecordException;
import dev.cto.costs.domain.PricedUsage;
import dev.cto.costs.domain.RecordField;
import dev.cto.costs.domain.TokenCounts;
import dev.cto.costs.domain.UsageRecord;
import dev.cto.costs.pricing.DefaultCatalog;
import dev.cto.costs.store.UsageFilter;
import dev.cto.costs.store.jdbc.JdbcStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Whatever values a capture path hands over (any string: control characters, unpaired
 * surrogates, thousands of characters; any number), a record is either refused with a named field
 * or stored as it was built, on SQLite and on PostgreSQL, which refuses what SQLite lets through
 * (NUL, values longer than their column). Two ways in: the record types, which the proxy, OTLP,
 * log import and Java client build directly, and the JSON reader of HTTP ingest.
 */
class RecordRulesPropertyTest {

  private static final Set<String> FIELDS = Stream.of(RecordField.values()).map(RecordField::json).collect(Collectors.toSet());
  private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();
  private static final CostSettings SETTINGS = CostSettings.of(DefaultCatalog.load());
  private static EmbeddedPostgres postgres;
  private static JdbcStore sqlite;
  private static JdbcStore pg;

  @BeforeContainer
  static void open() throws Exception {
    postgres = EmbeddedPostgres.builder().start();
    pg = JdbcStore.openPostgres(postgres.getJdbcUrl("postgres", "postgres"), "postgres", null);
    sqlite = JdbcStore.openSqlite(Files.createTempDirectory("rules-prop").resolve("costs.db"));
  }

  @AfterContainer
  static void close() throws Exception {
    sqlite.close();
    pg.close();
    postgres.close();
  }

  /** What a capture path may hand over, before any rule: {@code null} where a value may be absent. */
  record Raw(List<String> s, List<Long> n) {
    String id() { return s.get(0); }
    String repository() { return s.get(1); }
    String agent() { return s.get(2); }
    String cli() { return s.get(3); }
    String model() { return s.get(4); }
    String provider() { return s.get(5); }
    String stage() { return s.get(6); }
    String taskId() { return s.get(7); }
    String sessionId() { return s.get(8); }
    String requestId() { return s.get(9); }
    String source() { return s.get(10); }
    Long pr() { return n.get(0); }
    long iteration() { return n.get(6); }
    Instant timestamp() {
      long seconds = Math.max(Instant.MIN.getEpochSecond(), Math.min(Instant.MAX.getEpochSecond() - 1, n.get(7)));
      return Instant.ofEpochSecond(seconds, 123_456_789);
    }
  }

  /** Mostly plausible values (so that records do get stored), often anything at all. */
  private static Arbitrary<String> text(Arbitrary<String> plausible) {
    Arbitrary<String> anyChars = Arbitraries.strings().withCharRange('\u0000', '\uffff').ofMaxLength(260);
    Arbitrary<String> hostile = Arbitraries.strings().withChars("\u0000\u0007\u001b\u007f\u0085\u009b\ud800\udc00 \t/aZ9-_.")
        .ofMinLength(1).ofMaxLength(12);
    Arbitrary<String> long_ = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(45).ofMaxLength(7000);
    Arbitrary<String> emoji = Arbitraries.integers().between(1, 210).map("\ud83d\ude80"::repeat);
    return Arbitraries.frequencyOf(Tuple.of(14, plausible), Tuple.of(1, anyChars), Tuple.of(1, hostile), Tuple.of(1, long_),
        Tuple.of(1, emoji)).injectNull(0.05);
  }

  private static Arbitrary<Long> number(long low, long high) {
    return Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.longs().between(low, high)), Tuple.of(1, Arbitraries.longs()),
        Tuple.of(1, Arbitraries.of(-1L, 0L, RecordField.MAX_TOKENS, RecordField.MAX_TOKENS + 1, Long.MAX_VALUE, Long.MIN_VALUE)));
  }

  @Provide
  Arbitrary<List<Raw>> raws() {
    Arbitrary<String> name = Arbitraries.strings().alpha().numeric().withChars("-_.").ofMinLength(1).ofMaxLength(40);
    Arbitrary<String> repository = Arbitraries.oneOf(
        Combinators.combine(name, name).as((o, n) -> o + "/" + n),
        Arbitraries.of("5dlabs/cto", "o".repeat(100) + "/" + "n".repeat(99), "o".repeat(100) + "/" + "n".repeat(100), "not-a-repo"));
    Arbitrary<String> id = Arbitraries.strings().alpha().numeric().withChars("-_:").ofMinLength(1).ofMaxLength(40)
        .map(s -> "r-" + s);
    List<Arbitrary<String>> strings = List.of(id, text(repository), text(name), text(name), text(name), text(name), text(name),
        text(name), text(name), text(id), text(Arbitraries.of("proxy", "otlp", "http", "claude-code", "codex")));
    List<Arbitrary<Long>> numbers = List.of(number(1, 100_000).injectNull(0.3), number(0, 2_000_000), number(0, 2_000_000),
        number(0, 2_000_000), number(0, 100_000), number(0, 2_000_000), number(1, 9),
        number(-62_200_000_000L, 253_500_000_000L)); // epoch seconds, a little beyond years 1..9999 both sides
    return Combinators.combine(Combinators.combine(strings).as(ArrayList::new), Combinators.combine(numbers).as(ArrayList::new))
        .as(Raw::new).list().ofMinSize(1).ofMaxSize(8);
  }

  @Property(tries = 120)
  void everyRecordIsStoredAsBuiltOrRefusedNamingAFieldOnSqlite(@ForAll("raws") List<Raw> raws) {
    check(raws, sqlite);
  }

  @Property(tries = 100)
  void everyRecordIsStoredAsBuiltOrRefusedNamingAFieldOnPostgres(@ForAll("raws") List<Raw> raws) {
    check(raws, pg);
  }

  private static void check(List<Raw> raws, JdbcStore store) {
    List<UsageRecord> built = new ArrayList<>();
    for (Raw raw : raws) {
      built.addAll(throughTheRecordTypes(raw));
      built.addAll(throughHttpIngest(raw));
    }
    try (UsageCollector collector = new UsageCollector(store, () -> SETTINGS, null, CollectorOptions.DEFAULTS)) {
      // one record a request, as the capture paths send them: each either commits or this throws
      Map<String, UsageRecord> stored = new HashMap<>();
      for (UsageRecord r : built) {
        IngestResult result = collector.ingest(List.of(r));
        if (!result.records().get(0).duplicate()) {
          stored.put(r.id(), r);
        }
      }
      store.forEachRecord(UsageFilter.ALL, p -> {
        UsageRecord expected = stored.remove(p.id());
        if (expected != null) {
          assertStoredAsBuilt(p, expected);
        }
      });
      assertThat(stored).as("every committed record reads back").isEmpty();
      // not vacuous: most tries store records and refuse others (jqwik prints the shares)
      Statistics.label("records").collect(built.isEmpty() ? "none built" : "some stored");
      Statistics.label("refused").collect(built.size() < 2 * raws.size() ? "some refused" : "none refused");
    }
  }

  /** What the proxy, OTLP, log import and the Java client do: build the domain's types. */
  private static List<UsageRecord> throughTheRecordTypes(Raw raw) {
    try {
      long writes1h = raw.n().get(4);
      return List.of(new UsageRecord(raw.id(),
          new Attribution(raw.repository(), raw.pr(), raw.agent(), raw.stage(), (int) Math.max(Integer.MIN_VALUE,
              Math.min(Integer.MAX_VALUE, raw.iteration())), raw.taskId()),
          raw.cli(), raw.model(), raw.provider(), new TokenCounts(raw.n().get(1), raw.n().get(2), raw.n().get(3), writes1h,
              raw.n().get(5)), raw.sessionId(), raw.requestId(), raw.timestamp(), raw.source()));
    } catch (InvalidRecordException e) {
      assertThat(FIELDS).as("the field named by: " + e.getMessage()).contains(e.field());
      assertThat(e.reason()).isNotBlank();
      return List.of();
    }
  }

  /** What HTTP ingest does: JSON in (non-ASCII escaped, so unpaired surrogates survive the trip), records or named fields out. */
  private static List<UsageRecord> throughHttpIngest(Raw raw) {
    ObjectNode o = JSON.createObjectNode();
    o.put("id", raw.id() == null ? null : "h" + raw.id()); // another id than the record types' copy
    o.put("repository", raw.repository());
    o.put("agent", raw.agent());
    o.put("cli", raw.cli());
    o.put("model", raw.model());
    o.put("provider", raw.provider());
    o.put("stage", raw.stage());
    o.put("task_id", raw.taskId());
    o.put("session_id", raw.sessionId());
    o.put("request_id", raw.requestId() == null ? null : "h" + raw.requestId());
    o.put("pr_number", raw.pr());
    o.put("input_tokens", raw.n().get(1));
    o.put("output_tokens", raw.n().get(2));
    o.put("cache_creation_input_tokens", raw.n().get(3));
    o.put("cache_creation_1h_input_tokens", raw.n().get(4));
    o.put("cache_read_input_tokens", raw.n().get(5));
    o.put("iteration", raw.iteration());
    o.put("timestamp", raw.timestamp().toString());
    byte[] body;
    try {
      body = JSON.writeValueAsString(o).getBytes(StandardCharsets.UTF_8);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    ParsedBatch batch = new UsageRecordReader(Clock.systemUTC()).read(body, UsageRecordReader.Form.JSON, "http");
    for (FieldError error : batch.errors()) {
      assertThat(error.field()).as("a named field: " + error.describe()).isNotNull();
      assertThat(FIELDS).as(error.describe()).contains(error.field());
    }
    assertThat(batch.records().size() + (batch.errors().isEmpty() ? 0 : 1)).isEqualTo(1);
    return batch.records();
  }

  private static void assertStoredAsBuilt(PricedUsage stored, UsageRecord built) {
    UsageRecord r = stored.record();
    assertThat(r.attribution()).isEqualTo(built.attribution());
    assertThat(List.of(nullable(r.cli()), r.model(), nullable(r.sessionId()), nullable(r.requestId()), nullable(r.source())))
        .isEqualTo(List.of(nullable(built.cli()), built.model(), nullable(built.sessionId()), nullable(built.requestId()),
            nullable(built.source())));
    assertThat(r.tokens()).isEqualTo(built.tokens());
    assertThat(r.timestamp()).isEqualTo(built.timestamp().truncatedTo(ChronoUnit.MICROS));
    if (built.provider() != null) {
      assertThat(stored.provider()).isEqualTo(built.provider());
    }
  }

  private static String nullable(String s) {
    return s == null ? "<null>" : s;
  }
}
