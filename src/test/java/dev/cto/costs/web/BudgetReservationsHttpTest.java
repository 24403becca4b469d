package dev.cto.costs.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /v1/budgets/reservations} of a running service (SQLite, real HTTP on 127.0.0.1, bearer
 * token on): invalid requests are 400s naming the field, a reservation is a 201 until the budget is
 * full, then a 429 naming the budget, its limit, spend and reservations; settle, release and expiry
 * change what {@code GET /v1/budgets} shows, to the nano-dollar.
 */
class BudgetReservationsHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private static final String TOKEN = "s3cret-token";
  private static final String PATH = "/v1/budgets/reservations";
  /**
   * budget-model: $1 per million input tokens (cache prices fall back to it), $2 per million output.
   * A reservation of 1,000 input and 500 output tokens holds 1,000 × $1/M + 500 × $2/M = $0.002.
   */
  private static final String CONFIG = """
      {
        "extends_default_pricing": true,
        "pricing": [
          {"model": "budget-model", "provider": "anthropic", "input_cost_per_million": 1, "output_cost_per_million": 2},
          {"model": "free-model", "provider": "anthropic", "input_cost_per_million": 0, "output_cost_per_million": 0}
        ],
        "budgets": [
          {"name": "rex-daily", "scope": {"agent": "rex"}, "period": "day", "limit_usd": 0.005, "enforce": true},
          {"name": "watch-only", "scope": {"agent": "blaze"}, "period": "day", "limit_usd": 0.000001}
        ]
      }
      """;
  private static final String REX_CALL = """
      {"repository": "5dlabs/cto", "pr_number": 42, "agent": "rex", "stage": "code", "model": "budget-model",
       "provider": "anthropic", "max_input_tokens": 1000, "max_output_tokens": 500}""";

  @TempDir Path dir;
  private CollectorService service;
  private Http http;
  private final HttpClient raw = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void start() throws Exception {
    Path config = Files.writeString(dir.resolve("cost-config.json"), CONFIG);
    service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, config),
        new ServerOptions("127.0.0.1", 0, List.of(TOKEN), 64 * 1024, 1000, 14));
    http = new Http(service.port(), TOKEN);
  }

  @AfterEach
  void stop() {
    if (service != null) {
      service.close();
    }
  }

  private HttpResponse<String> reserve(String body) throws Exception {
    return http.post(PATH, "application/json", body);
  }

  private HttpResponse<String> delete(String path) throws Exception {
    return raw.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + path))
        .header("Authorization", "Bearer " + TOKEN).DELETE().build(), HttpResponse.BodyHandlers.ofString());
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  /** {spent, reserved} of rex-daily as {@code GET /v1/budgets} shows it. */
  private BigDecimal[] rexDaily() throws Exception {
    JsonNode b = json(http.get("/v1/budgets")).get("budgets").get(0);
    assertThat(b.get("name").asText()).isEqualTo("rex-daily");
    return new BigDecimal[] {b.get("spent_usd").decimalValue(), b.get("reserved_usd").decimalValue()};
  }

  private static void assertMoney(BigDecimal[] seen, String spent, String reserved) {
    assertThat(seen[0]).as("spent").isEqualByComparingTo(spent);
    assertThat(seen[1]).as("reserved").isEqualByComparingTo(reserved);
  }

  @Test
  void invalidRequestsAreRefusedNamingTheField() throws Exception {
    String[][] cases = {
        {"{\"agent\": \"rex\", \"max_input_tokens\": 10}", "model: is required"},
        {"{\"model\": \"budget-model\", \"agent\": \"rex\"}", "max_input_tokens: give it, or input_bytes"},
        {"{\"model\": \"budget-model\", \"max_input_tokens\": 1, \"input_bytes\": 3}", "max_input_tokens:"},
        {"{\"model\": \"budget-model\", \"max_input_tokens\": -1}", "max_input_tokens: must be a whole number"},
        {"{\"model\": \"budget-model\", \"max_input_tokens\": 1, \"max_output_tokens\": 1.5}", "max_output_tokens: must be a whole number"},
        {"{\"model\": \"budget-model\", \"max_input_tokens\": 1, \"max_output_token\": 5}", "max_output_token: is not a field"},
        {"{\"model\": \"budget-model\", \"max_input_tokens\": 1, \"pr_number\": 0}", "pr_number: must be a whole number >= 1"},
        {"{\"model\": \"budget-model\", \"max_input_tokens\": 1, \"repository\": \"no-slash\"}", "repository: must look like owner/name"},
        {"{\"model\": \"budget-model\", \"max_input_tokens\": 1, \"agent\": 7}", "agent: must be a string"},
        {"{\"model\": \"budget-model\", \"max_input_tokens\": 1, \"ttl_seconds\": 0}", "ttl_seconds: must be between 1 and 3600"},
        {"[1, 2]", "body: must be a JSON object"},
        {"{\"model\": ", "body: is not JSON"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = reserve(c[0]);
      assertThat(r.statusCode()).as("status of %s", c[0]).isEqualTo(400);
      assertThat(json(r).get("error").asText()).as("error of %s", c[0]).contains(c[1]);
    }
    String id = json(reserve(REX_CALL)).get("id").asText();
    String settle = PATH + "/" + id + "/settle";
    assertThat(json(http.post(settle, "application/json", "{}")).get("error").asText())
        .contains("record_id: give it, or the call's token counts");
    assertThat(json(http.post(settle, "application/json", "{\"input_tokens\": 5}")).get("error").asText())
        .contains("model: is required with token counts");
    assertThat(json(http.post(settle, "application/json",
        "{\"model\": \"budget-model\", \"cache_creation_input_tokens\": 1, \"cache_creation_1h_input_tokens\": 2}"))
        .get("error").asText()).contains("cache_creation_1h_input_tokens: is part of cache_creation_input_tokens");
    assertMoney(rexDaily(), "0", "0.002"); // nothing stored half-way: the refused settles changed nothing

    HttpResponse<String> anonymous = raw.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + service.port() + PATH))
        .POST(HttpRequest.BodyPublishers.ofString(REX_CALL)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(anonymous.statusCode()).as("the bearer token is required, as on every /v1 route").isEqualTo(401);
  }

  @Test
  void reservationsFillTheBudgetThenARefusalNamesItAndSettleAndReleaseShowInTheStatus() throws Exception {
    HttpResponse<String> first = reserve(REX_CALL);
    assertThat(first.statusCode()).isEqualTo(201);
    JsonNode a = json(first);
    assertThat(a.get("budget").asText()).isEqualTo("rex-daily");
    assertThat(a.get("reserved_usd").decimalValue()).isEqualByComparingTo("0.002");
    assertThat(a.get("remaining_usd").decimalValue()).isEqualByComparingTo("0.003");
    assertThat(first.headers().firstValue("Location")).contains(PATH + "/" + a.get("id").asText());
    assertThat(Instant.parse(a.get("expires_at").asText()))
        .isBetween(Instant.now().plus(Duration.ofMinutes(9)), Instant.now().plus(Duration.ofMinutes(11)));
    assertMoney(rexDaily(), "0", "0.002");

    JsonNode b = json(reserve(REX_CALL));
    assertThat(b.get("remaining_usd").decimalValue()).isEqualByComparingTo("0.001");

    HttpResponse<String> third = reserve(REX_CALL);
    assertThat(third.statusCode()).as("0.002 + 0.002 + 0.002 > 0.005").isEqualTo(429);
    JsonNode refusal = json(third);
    assertThat(refusal.get("budget").asText()).isEqualTo("rex-daily");
    assertThat(refusal.get("limit_usd").decimalValue()).isEqualByComparingTo("0.005");
    assertThat(refusal.get("spent_usd").decimalValue()).isEqualByComparingTo("0");
    assertThat(refusal.get("reserved_usd").decimalValue()).isEqualByComparingTo("0.004");
    assertThat(refusal.get("worst_case_usd").decimalValue()).isEqualByComparingTo("0.002");
    assertThat(refusal.get("error").asText()).contains("'rex-daily'", "agent=rex", "$0.005 limit", "$0.004 reserved");
    assertThat(third.headers().firstValue("x-should-retry")).contains("false");
    long retryAfter = Long.parseLong(third.headers().firstValue("Retry-After").orElseThrow());
    assertThat(retryAfter).as("seconds to the next UTC midnight").isBetween(1L, 86_400L);
    assertMoney(rexDaily(), "0", "0.004"); // the refused reservation holds nothing

    // b's call failed: released, its money free at once; a second release finds nothing
    assertThat(delete(PATH + "/" + b.get("id").asText()).statusCode()).isEqualTo(204);
    assertMoney(rexDaily(), "0", "0.002");
    HttpResponse<String> again = delete(PATH + "/" + b.get("id").asText());
    assertThat(again.statusCode()).isEqualTo(404);
    assertThat(json(again).get("error").asText()).contains("no reservation '" + b.get("id").asText() + "'");

    // a's call used 600 input and 100 output tokens: $0.0006 + $0.0002, held until its record is stored
    String settle = PATH + "/" + a.get("id").asText() + "/settle";
    String usage = "{\"record_id\": \"rec-a\", \"model\": \"budget-model\", \"input_tokens\": 600, \"output_tokens\": 100}";
    HttpResponse<String> settled = http.post(settle, "application/json", usage);
    assertThat(settled.statusCode()).isEqualTo(200);
    assertThat(json(settled).get("settled_usd").decimalValue()).isEqualByComparingTo("0.0008");
    assertMoney(rexDaily(), "0", "0.0008");
    assertThat(http.post(settle, "application/json", usage).statusCode()).as("the same settle sent again").isEqualTo(200);
    assertMoney(rexDaily(), "0", "0.0008");
    HttpResponse<String> other = http.post(settle, "application/json", usage.replace("rec-a", "rec-other"));
    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(json(other).get("error").asText()).contains("settled already, with record 'rec-a'");
    assertThat(delete(PATH + "/" + a.get("id").asText()).statusCode()).as("a settled cost cannot be released").isEqualTo(409);

    String record = "{\"id\":\"rec-a\",\"repository\":\"5dlabs/cto\",\"pr_number\":42,\"agent\":\"rex\",\"model\":\"budget-model\","
        + "\"input_tokens\":600,\"output_tokens\":100,\"stage\":\"code\",\"timestamp\":\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\"}";
    assertThat(http.post("/v1/usage", "application/x-ndjson", record + "\n").statusCode()).isEqualTo(200);
    assertMoney(rexDaily(), "0.0008", "0"); // the record is spend now; its reservation no longer counts

    // room for 0.0042: two more calls of 0.002 fit, a third does not
    assertThat(reserve(REX_CALL).statusCode()).isEqualTo(201);
    assertThat(reserve(REX_CALL).statusCode()).isEqualTo(201);
    assertThat(reserve(REX_CALL).statusCode()).isEqualTo(429);
    assertMoney(rexDaily(), "0.0008", "0.004");

    // money budgets never refuse a call that costs nothing, nor one to an unpriced model
    for (String model : List.of("free-model", "no-such-model-anywhere")) {
      HttpResponse<String> free = reserve(REX_CALL.replace("budget-model", model));
      assertThat(free.statusCode()).as(model).isEqualTo(200);
      assertThat(json(free).get("held").asBoolean()).isFalse();
      assertThat(json(free).get("id").isNull()).isTrue();
      assertThat(json(free).get("reason").asText()).contains("unpriced or free");
    }
    // a budget that only watches (enforce: false) holds nothing either, even far over its limit
    HttpResponse<String> watched = reserve(REX_CALL.replace("\"rex\"", "\"blaze\""));
    assertThat(watched.statusCode()).isEqualTo(200);
    assertThat(json(watched).get("reason").asText()).isEqualTo("no enforced budget covers the call");

    HttpResponse<String> unknown = http.post(PATH + "/call-nope/settle", "application/json", usage);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(json(unknown).get("error").asText()).contains("no reservation 'call-nope'");
  }

  @Test
  void anExpiredReservationIsReleasedAndCannotBeSettled() throws Exception {
    JsonNode held = json(reserve(REX_CALL.replace("}", ", \"ttl_seconds\": 1}")));
    assertMoney(rexDaily(), "0", "0.002");

    await("the reservation expires").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .until(() -> rexDaily()[1].signum() == 0);
    HttpResponse<String> late = http.post(PATH + "/" + held.get("id").asText() + "/settle", "application/json",
        "{\"record_id\": \"rec-late\", \"model\": \"budget-model\", \"input_tokens\": 1, \"output_tokens\": 1}");
    assertThat(late.statusCode()).isEqualTo(404);
    assertThat(json(late).get("error").asText()).contains("expired at", "reserve again");
    assertMoney(rexDaily(), "0", "0"); // the late settle did not bring it back
    // its money is free again: two calls fit
    assertThat(reserve(REX_CALL).statusCode()).isEqualTo(201);
    assertThat(reserve(REX_CALL).statusCode()).isEqualTo(201);
  }
}
