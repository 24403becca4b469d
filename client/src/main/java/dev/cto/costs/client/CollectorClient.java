package dev.cto.costs.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The one HTTP client of {@code POST /v1/usage}, for every capture path that sends records to a
 * collector (the Java interceptor, the CLI's {@code --server}, the sidecar proxy). It sends one
 * request and classifies the answer; whether and when to send again is the caller's decision,
 * which the {@link CollectorException} subtypes make plain.
 */
public final class CollectorClient {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final int MAX_MESSAGE = 500;
  private static final String SOURCE_HEADER = "Cto-Usage-Source";

  /**
   * HTTP/1.1 only: the JDK client's cleartext HTTP/2 upgrade stalled under concurrent load against
   * the collector, and one connection per in-flight request is plenty.
   */
  private final HttpClient http;
  private final URI endpoint;
  private final String authorization;
  private final Duration requestTimeout;
  private final Clock clock;

  /**
   * @param endpoint the collector's {@code /v1/usage}, see {@link #endpoint(String)}
   * @param bearerToken the collector's API token, or null/blank for none
   */
  public CollectorClient(URI endpoint, String bearerToken, Duration connectTimeout, Duration requestTimeout, Clock clock) {
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build();
    this.endpoint = endpoint;
    this.authorization = bearerToken == null || bearerToken.isBlank() ? null : "Bearer " + bearerToken.trim();
    this.requestTimeout = requestTimeout;
    this.clock = clock;
  }

  /** {@code <server>/v1/usage}, whether or not the collector's base URL ends with slashes. */
  public static URI endpoint(String server) {
    return URI.create(server.replaceAll("/+$", "") + "/v1/usage");
  }

  /**
   * The collector's answer to a committed request.
   *
   * @param document the answer as sent, for callers that show it whole
   */
  public record Answer(long accepted, long duplicates, List<RecordAnswer> records, JsonNode document) {}

  /** What became of one record: new or already stored, and its price when known. */
  public record RecordAnswer(String id, boolean duplicate, boolean priced, BigDecimal costUsd) {}

  /**
   * Sends {@code body} ({@code contentType} is {@link UsageJson#CONTENT_TYPE} or
   * {@code application/json}) and waits for the answer.
   *
   * @param source the capture path the collector counts the records under (its {@code Cto-Usage-Source})
   * @throws CollectorException for any answer but 2xx, and when the collector cannot be reached
   */
  public Answer post(byte[] body, String contentType, String source) throws CollectorException, InterruptedException {
    try {
      return answer(http.send(request(body, contentType, source), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)));
    } catch (CollectorException e) {
      throw e;
    } catch (IOException e) {
      throw unreachable(e);
    }
  }

  /** The same without blocking: the future fails with a {@link CollectorException}. */
  public CompletableFuture<Answer> postAsync(byte[] body, String contentType, String source) {
    return http.sendAsync(request(body, contentType, source), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
        .handle((response, failure) -> {
          if (failure != null) {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            throw new CompletionException(cause instanceof IOException io ? unreachable(io) : cause);
          }
          try {
            return answer(response);
          } catch (CollectorException e) {
            throw new CompletionException(e);
          }
        });
  }

  private HttpRequest request(byte[] body, String contentType, String source) {
    HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
        .header("Content-Type", contentType)
        .header("Accept", "application/json")
        .header("User-Agent", "cto-costs-java-client")
        .header(SOURCE_HEADER, source)
        .timeout(requestTimeout)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return request.build();
  }

  private CollectorException unreachable(IOException e) {
    // no URL in the message: it may hold a password, and callers name the collector their own way
    return new CollectorException.TryLater(0, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), Optional.empty(), e);
  }

  private Answer answer(HttpResponse<String> response) throws CollectorException {
    int status = response.statusCode();
    JsonNode document = readTree(response.body());
    if (status / 100 == 2) {
      if (document == null) {
        throw new CollectorException(status, "unreadable answer: " + shortened(response.body()), null);
      }
      List<RecordAnswer> records = new ArrayList<>();
      for (JsonNode r : document.path("records")) {
        records.add(new RecordAnswer(r.path("id").asText(), r.path("duplicate").asBoolean(), r.path("priced").asBoolean(true),
            r.hasNonNull("cost_usd") ? r.get("cost_usd").decimalValue() : BigDecimal.ZERO));
      }
      return new Answer(document.path("accepted").asLong(), document.path("duplicates").asLong(), List.copyOf(records), document);
    }
    String error = shortened(document != null && document.hasNonNull("error") ? document.get("error").asText() : response.body());
    if (error.isEmpty()) {
      error = "HTTP " + status;
    }
    throw switch (status) {
      // 422: the store refused a value (rejected_by_store); like 400, the same request fails again
      case 400, 422 -> new CollectorException.Refused(status, error, details(document));
      case 401 -> new CollectorException.Unauthorized(error);
      case 413 -> new CollectorException.TooLarge(error);
      // 408, 429, 503 and other 5xx: busy, restarting or cannot commit now; ids make a re-send safe
      default -> status == 408 || status == 429 || status / 100 == 5
          ? new CollectorException.TryLater(status, error,
              response.headers().firstValue("Retry-After").flatMap(this::retryAfter), null)
          : new CollectorException(status, error, null);
    };
  }

  private static List<CollectorException.Detail> details(JsonNode document) {
    List<CollectorException.Detail> details = new ArrayList<>();
    if (document != null) {
      for (JsonNode d : document.path("details")) {
        details.add(new CollectorException.Detail(d.path("index").asInt(-1),
            d.hasNonNull("line") ? d.get("line").asInt() : null,
            d.hasNonNull("field") ? d.get("field").asText() : null, d.path("message").asText()));
      }
    }
    return List.copyOf(details);
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

  private static JsonNode readTree(String body) {
    try {
      return body == null || body.isBlank() ? null : JSON.readTree(body);
    } catch (IOException notJson) {
      return null; // a proxy's HTML error page
    }
  }

  private static String shortened(String message) {
    String m = message == null ? "" : message.strip();
    return m.length() <= MAX_MESSAGE ? m : m.substring(0, MAX_MESSAGE) + "…";
  }
}
