package dev.cto.costs.web;

import static dev.cto.costs.web.Usage.record;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and broken requests: each gets a 4xx whose message names the problem, nothing of the
 * request is stored, and the server keeps serving.
 */
class BadInputCorpusTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String GOOD = "\"agent\":\"rex\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"code\"";
  private static Path dir;
  private static CollectorService service;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    dir = Files.createTempDirectory("corpus");
    service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, null),
        new ServerOptions("127.0.0.1", 0, List.of(), 2 * 1024 * 1024, 50, 14));
    http = new Http(service.port(), null);
    assertThat(http.post("/v1/usage", "application/json", record("baseline", 1, "rex", "m", 1, 1)).statusCode()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  private static Arguments json(String name, String body, int status, String message) {
    return Arguments.of(name, "application/json", body.getBytes(StandardCharsets.UTF_8), status, message);
  }

  private static Arguments typed(String name, String type, byte[] body, int status, String message) {
    return Arguments.of(name, type, body, status, message);
  }

  static Stream<Arguments> corpus() {
    List<Arguments> c = new ArrayList<>();
    c.add(json("malformed object", "{\"agent\":", 400, "malformed JSON"));
    c.add(json("truncated array", "[{" + GOOD + "}", 400, "malformed JSON"));
    c.add(json("trailing garbage", "{" + GOOD + "} xyz", 400, "malformed JSON"));
    c.add(json("two objects on one line", "{" + GOOD + "}{" + GOOD + "}", 400, "malformed JSON"));
    c.add(json("agent is a number", "{\"agent\":7,\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\"}", 400, "agent: must be a string"));
    c.add(json("tokens as string", "{" + GOOD.replace("\"input_tokens\":1", "\"input_tokens\":\"1\"") + "}", 400, "input_tokens"));
    c.add(json("tokens decimal", "{" + GOOD.replace("\"input_tokens\":1", "\"input_tokens\":1.5") + "}", 400, "input_tokens"));
    c.add(json("tokens exponent", "{" + GOOD.replace("\"input_tokens\":1", "\"input_tokens\":1e6") + "}", 400, "input_tokens"));
    c.add(json("tokens negative", "{" + GOOD.replace("\"input_tokens\":1", "\"input_tokens\":-1") + "}", 400, "input_tokens"));
    c.add(json("tokens above 10^12", "{" + GOOD.replace("\"output_tokens\":1", "\"output_tokens\":1000000000001") + "}", 400, "output_tokens"));
    c.add(json("tokens beyond long", "{" + GOOD.replace("\"output_tokens\":1", "\"output_tokens\":123456789012345678901234567890") + "}", 400, "output_tokens"));
    c.add(json("tokens boolean", "{" + GOOD.replace("\"output_tokens\":1", "\"output_tokens\":true") + "}", 400, "output_tokens"));
    c.add(json("cache read negative", "{" + GOOD + ",\"cache_read_input_tokens\":-3}", 400, "cache_read_input_tokens"));
    c.add(json("1h writes above all writes", "{" + GOOD + ",\"cache_creation_input_tokens\":1,\"cache_creation_1h_input_tokens\":2}", 400, "cache_creation_1h_input_tokens"));
    c.add(json("model missing", "{\"agent\":\"rex\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"s\"}", 400, "model: is required"));
    c.add(json("stage null", "{\"agent\":\"rex\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":null}", 400, "stage: is required"));
    c.add(json("stage empty", "{\"agent\":\"rex\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"\"}", 400, "stage: must not be empty"));
    c.add(json("iteration zero", "{" + GOOD + ",\"iteration\":0}", 400, "iteration"));
    c.add(json("pr zero", "{" + GOOD + ",\"pr_number\":0}", 400, "pr_number"));
    c.add(json("pr negative", "{" + GOOD + ",\"pr_number\":-4}", 400, "pr_number"));
    c.add(json("pr as SQL", "{" + GOOD + ",\"pr_number\":\"1; DROP TABLE token_usage;--\"}", 400, "pr_number"));
    c.add(json("repository as SQL", "{" + GOOD + ",\"repository\":\"x' OR '1'='1\"}", 400, "repository"));
    c.add(json("repository without owner", "{" + GOOD + ",\"repository\":\"cto\"}", 400, "repository"));
    c.add(json("timestamp garbage", "{" + GOOD + ",\"timestamp\":\"next tuesday\"}", 400, "timestamp"));
    c.add(json("timestamp without offset", "{" + GOOD + ",\"timestamp\":\"2026-03-01T10:00:00\"}", 400, "timestamp"));
    c.add(json("timestamp as number", "{" + GOOD + ",\"timestamp\":1700000000}", 400, "timestamp"));
    c.add(json("id too long", "{" + GOOD + ",\"id\":\"" + "x".repeat(201) + "\"}", 400, "id: must be at most 200"));
    c.add(json("agent too long", "{" + GOOD.replace("\"agent\":\"rex\"", "\"agent\":\"" + "a".repeat(101) + "\"") + "}", 400, "agent: must be at most 100"));
    c.add(json("model of 1 MB", "{" + GOOD.replace("\"model\":\"m\"", "\"model\":\"" + "m".repeat(1024 * 1024) + "\"") + "}", 400, "model: must be at most 200"));
    c.add(json("unknown field", "{" + GOOD + ",\"input_token\":5}", 400, "input_token: unknown field"));
    c.add(json("duplicate keys", "{" + GOOD + ",\"agent\":\"other\"}", 400, "Duplicate field 'agent'"));
    c.add(json("deep nesting", "{\"agent\":" + "[".repeat(3000) + "]".repeat(3000) + "}", 400, "malformed JSON"));
    c.add(json("empty body", "", 400, "empty"));
    c.add(json("only whitespace", "  \n ", 400, "empty"));
    c.add(json("empty array", "[]", 400, "empty"));
    c.add(json("records is not an array", "{\"records\":{}}", 400, "records: must be an array"));
    c.add(json("records wrapper with extra keys", "{\"records\":[],\"x\":1}", 400, "unknown field"));
    c.add(json("top-level string", "\"hello\"", 400, "expected a JSON object"));
    c.add(json("top-level number", "42", 400, "expected a JSON object"));
    c.add(json("top-level null", "null", 400, "expected a JSON object"));
    c.add(json("array of numbers", "[1,2]", 400, "must be a JSON object"));
    c.add(json("one bad record among good ones", "[{" + GOOD + ",\"id\":\"ok-1\"},{\"agent\":\"rex\"}]", 400, "records[1]"));
    c.add(json("too many records", "[" + ("{" + GOOD + "},").repeat(50) + "{" + GOOD + "}]", 413, "51 records in one request, the limit is 50"));
    c.add(json("body over the size limit", "{" + GOOD + ",\"task_id\":\"" + "t".repeat(3 * 1024 * 1024) + "\"}", 413, "over the limit"));
    // refused from its declared length before it is read: the client must still get the answer
    c.add(json("body of 12 MB", "{" + GOOD + ",\"task_id\":\"" + "t".repeat(12 * 1024 * 1024) + "\"}", 413, "over the limit"));
    c.add(typed("ndjson with a bad line", "application/x-ndjson",
        ("{" + GOOD + ",\"id\":\"nd-1\"}\n{\"agent\":\n{" + GOOD + ",\"id\":\"nd-3\"}\n").getBytes(StandardCharsets.UTF_8), 400, "line 2"));
    byte[] utf8 = ("{" + GOOD + "}").getBytes(StandardCharsets.UTF_8);
    utf8[10] = (byte) 0xFF;
    c.add(typed("invalid UTF-8", "application/json", utf8, 400, "malformed JSON"));
    byte[] ndUtf8 = ("{" + GOOD + ",\"id\":\"u1\"}\n{" + GOOD + ",\"id\":\"u2\"}").getBytes(StandardCharsets.UTF_8);
    ndUtf8[ndUtf8.length - 20] = (byte) 0xC3;
    c.add(typed("invalid UTF-8 in NDJSON", "application/x-ndjson", ndUtf8, 400, "invalid UTF-8"));
    c.add(typed("text/plain", "text/plain", ("{" + GOOD + "}").getBytes(StandardCharsets.UTF_8), 415, "Content-Type must be"));
    c.add(typed("form encoded (curl -d default)", "application/x-www-form-urlencoded", ("{" + GOOD + "}").getBytes(StandardCharsets.UTF_8), 415, "Content-Type must be"));
    c.add(typed("no content type", null, ("{" + GOOD + "}").getBytes(StandardCharsets.UTF_8), 415, "missing"));
    return c.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void rejectedNamedAndNothingStored(String name, String type, byte[] body, int status, String message) throws Exception {
    long before = storedRecords();

    HttpResponse<String> response = http.post("/v1/usage", type, body);

    assertThat(response.statusCode()).as(name + ": " + response.body()).isEqualTo(status);
    assertThat(JSON.readTree(response.body()).get("error").asText() + response.body()).as(name).contains(message);
    assertThat(storedRecords()).as(name + ": nothing stored").isEqualTo(before);
    assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
  }

  /** Without a declared length the limit is found while reading; the client still gets the reason. */
  @Test
  void aChunkedBodyOverTheLimitIsRefusedWithItsReason() throws Exception {
    long before = storedRecords();
    byte[] body = ("{" + GOOD + ",\"task_id\":\"" + "t".repeat(5 * 1024 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);

    HttpResponse<String> response = http.postChunked("/v1/usage", "application/json", body);

    assertThat(response.statusCode()).as(response.body()).isEqualTo(413);
    assertThat(response.body()).contains("split it into several requests");
    assertThat(storedRecords()).isEqualTo(before);
    assertThat(http.get("/healthz").statusCode()).isEqualTo(200);
  }

  private static long storedRecords() throws Exception {
    return JSON.readTree(http.get("/v1/summary?since=2000-01-01").body()).get("records").asLong();
  }
}
