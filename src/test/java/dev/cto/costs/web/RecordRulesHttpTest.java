package dev.cto.costs.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cto.costs.app.AppOptions;
import dev.cto.costs.app.CollectorService;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Values that passed the HTTP checks but broke the store (a 201-character {@code owner/name} for a
 * 200-character column, a NUL PostgreSQL refuses) or were stored as-is elsewhere (an ESC in a name,
 * {@code not-a-repo}): each is a 400 naming the field, in the API's error shape, and nothing stored.
 */
class RecordRulesHttpTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static CollectorService service;
  private static Http http;

  @BeforeAll
  static void start() throws Exception {
    Path dir = Files.createTempDirectory("rules");
    service = CollectorService.start(new AppOptions(dir.resolve("costs.db"), null, null),
        new ServerOptions("127.0.0.1", 0, List.of(), 1 << 20, 100, 14));
    http = new Http(service.port(), null);
  }

  @AfterAll
  static void stop() {
    service.close();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      201-character repository | repository | REPO201                | rex            | m             | at most 200 characters, was 201
      not-a-repo               | repository | not-a-repo             | rex            | m             | must look like owner/name
      NUL in agent             | agent      | 5dlabs/cto             | re\\u0000x     | m             | control characters, found U+0000
      ESC in model             | model      | 5dlabs/cto             | rex            | cl\\u001b[2Jx | control characters, found U+001B
      BEL in agent             | agent      | 5dlabs/cto             | rex\\u0007     | m             | control characters, found U+0007
      """)
  void refusedWith400NamingTheField(String name, String field, String repository, String agent, String model, String message)
      throws Exception {
    String repo = repository.equals("REPO201") ? "o".repeat(100) + "/" + "n".repeat(100) : repository;
    String good = "{\"id\":\"good-" + field + "\",\"agent\":\"rex\",\"model\":\"m\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"code\"}";
    String bad = "{\"id\":\"bad\",\"repository\":\"" + repo + "\",\"agent\":\"" + agent + "\",\"model\":\"" + model
        + "\",\"input_tokens\":1,\"output_tokens\":1,\"stage\":\"code\"}";

    HttpResponse<String> response = http.post("/v1/usage", "application/json", "[" + good + "," + bad + "]");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    JsonNode body = JSON.readTree(response.body());
    assertThat(body.get("error").asText()).contains(field + ": ");
    JsonNode detail = body.get("details").get(0);
    assertThat(body.get("details")).hasSize(1);
    assertThat(detail.get("index").asInt()).isEqualTo(1);
    assertThat(detail.get("field").asText()).isEqualTo(field);
    assertThat(detail.get("message").asText()).contains(message);
    assertThat(JSON.readTree(http.get("/v1/summary?since=2000-01-01").body()).get("records").asLong())
        .as("nothing of the request stored").isZero();
  }
}
