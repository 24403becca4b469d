package dev.cto.costs.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.kohsuke.github.HttpException;

/** One GraphQL POST, with the same bounded rate-limit waits as the REST calls (at most three tries). */
final class GraphQl {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ATTEMPTS = 3;

  private final HttpClient http;
  private final RateLimitWaits waits;

  GraphQl(HttpClient http, RateLimitWaits waits) {
    this.http = http;
    this.waits = waits;
  }

  JsonNode post(String url, String authorization, String payload) throws IOException {
    for (int attempt = 1; ; attempt++) {
      HttpRequest request = GitHubClient.request(url).header("Authorization", authorization)
          .header("Accept", "application/json").header("Content-Type", "application/json")
          .header("User-Agent", "cto-costs").POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8)).build();
      HttpResponse<String> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new java.io.InterruptedIOException("interrupted while calling GitHub GraphQL");
      } catch (IOException e) {
        throw TimedConnector.unreachable(http, request.uri(), e, request.timeout().orElse(GitHubClient.REQUEST_TIMEOUT));
      }
      Map<String, String> headers = GitHubClient.headersOf(response);
      int status = response.statusCode();
      boolean limited = status == 429 || status == 403 && (headers.containsKey("retry-after")
          || "0".equals(headers.get("x-ratelimit-remaining")));
      if (limited && attempt < ATTEMPTS) {
        waits.waitOut(waits.waitOf(h -> headers.get(h.toLowerCase(java.util.Locale.ROOT))), status, "GraphQL rate limit");
        continue;
      }
      if (status >= 300) {
        throw new HttpException(response.body(), status, null, url);
      }
      return JSON.readTree(response.body());
    }
  }
}
