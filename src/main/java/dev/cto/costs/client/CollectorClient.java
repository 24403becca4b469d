package dev.cto.costs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** One {@code POST /v1/usage} to the collector; the retry decisions are the caller's. */
final class CollectorClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int MAX_MESSAGE = 500;

  /**
   * HTTP/1.1 only: the JDK client's cleartext HTTP/2 upgrade stalled under concurrent load against
   * the collector (see the CLI's remote client), and one connection per in-flight batch is plenty.
   */
  private final HttpClient http;
  private final URI endpoint;
  private final String authorization;
  private final Duration requestTimeout;
  private final Clock clock;

  CollectorClient(RemoteSinkOptions options, Clock clock) {
    Duration connect = options.requestTimeout().compareTo(Duration.ofSeconds(10)) < 0
        ? options.requestTimeout() : Duration.ofSeconds(10);
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connect).build();
    this.endpoint = options.ingestEndpoint();
    this.authorization = options.bearerToken() == null ? null : "Bearer " + options.bearerToken();
    this.requestTimeout = options.requestTimeout();
    this.clock = clock;
  }

  /**
   * The collector's answer to one batch.
   *
   * @param retryAfter the server's Retry-After, when it sent one that parses
   * @param error the server's own words for a failure ({@code error} of its JSON body), shortened
   */
  record Reply(int status, Optional<Duration> retryAfter, String error) {
    boolean ok() {
      return status / 100 == 2;
    }

    /** Worth sending again unchanged: the collector is busy, restarting or cannot commit now. */
    boolean retryable() {
      return status == 408 || status == 429 || status / 100 == 5;
    }
  }

  Reply post(byte[] ndjson) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .header("Content-Type", UsageJson.CONTENT_TYPE)
        .header("Accept", "application/json")
        .header("User-Agent", "cto-costs-java-client")
        .header("Cto-Usage-Source", "client") // the collector counts these records as the client's
        .timeout(requestTimeout)
        .POST(HttpRequest.BodyPublishers.ofByteArray(ndjson));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    int status = response.statusCode();
    Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(this::retryAfter);
    return new Reply(status, retryAfter, status / 100 == 2 ? null : error(response.body()));
  }

  /** Retry-After is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3); anything else is ignored. */
  Optional<Duration> retryAfter(String value) {
    String v = value.trim();
    try {
      if (!v.isEmpty() && v.chars().allMatch(Character::isDigit)) {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      }
      Duration until = Duration.between(clock.instant(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
      return Optional.of(until.isNegative() ? Duration.ZERO : until);
    } catch (NumberFormatException | DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String error(String body) {
    String message = body;
    try {
      JsonNode node = JSON.readTree(body);
      if (node != null && node.hasNonNull("error")) {
        message = node.get("error").asText();
      }
    } catch (IOException notJson) {
      // a proxy's HTML error page: keep its beginning
    }
    message = message == null ? "" : message.strip();
    return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE) + "…";
  }
}
