package dev.cto.costs.alerts;

import dev.cto.costs.domain.Announcement;
import dev.cto.costs.domain.ThresholdCrossing;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * POSTs each crossing to a URL. A 2xx answer is a delivery; anything else, a timeout or a
 * connection failure is a failed attempt (429/503 with {@code Retry-After} is honoured). Errors
 * name the webhook by its id, never by its url or headers, which may carry secrets.
 */
public final class WebhookSink implements AlertSink {

  private final WebhookTarget target;
  private final HttpClient http;
  private final UnaryOperator<String> env;

  public WebhookSink(WebhookTarget target, HttpClient http, UnaryOperator<String> env) {
    this.target = target;
    this.http = http;
    this.env = env;
  }

  public static HttpClient newClient() {
    return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER).build();
  }

  @Override
  public String id() {
    return target.id();
  }

  public WebhookTarget target() {
    return target;
  }

  @Override
  public void deliver(ThresholdCrossing crossing) throws Exception {
    post(crossing.repository() + "#" + crossing.prNumber() + ":" + crossing.level().wireName(),
        WebhookBody.of(crossing, target.format()));
  }

  /** The announcement's own document, or for Slack its text with an icon. */
  @Override
  public void announce(Announcement announcement) throws Exception {
    // the subject holds free text (agent names): percent-encoded, the header stays a valid token
    post(announcement.event() + ":" + URLEncoder.encode(announcement.subject(), StandardCharsets.UTF_8),
        WebhookBody.of(announcement, target.format()));
  }

  /** @param deliveryId the same on every attempt at one alert, so receivers can de-duplicate */
  private void post(String deliveryId, String body) throws Exception {
    URI uri;
    try {
      uri = URI.create(EnvReferences.expand(target.url(), env, id() + " url"));
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException(id() + ": the url is not a valid URI"); // not quoted: it may hold a secret
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .timeout(target.timeout())
        .header("Content-Type", "application/json")
        .header("User-Agent", "cto-costs")
        .header("X-CTO-Delivery", deliveryId)
        .POST(HttpRequest.BodyPublishers.ofString(body));
    for (Map.Entry<String, String> h : target.headers().entrySet()) {
      request.header(h.getKey(), EnvReferences.expand(h.getValue(), env, id() + " header " + h.getKey()));
    }
    HttpResponse<Void> response;
    try {
      response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new IOException(id() + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return;
    }
    Duration retryAfter = response.headers().firstValue("Retry-After").map(WebhookSink::seconds).orElse(null);
    if ((status == 429 || status == 503) && retryAfter != null) {
      throw new RetryLaterException(id() + ": HTTP " + status, retryAfter);
    }
    throw new IOException(id() + ": HTTP " + status);
  }

  private static Duration seconds(String value) {
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(value.trim())));
    } catch (NumberFormatException e) {
      return null; // an HTTP date: rare for webhooks; the normal backoff applies
    }
  }
}
