package dev.cto.costs.alerts;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * One configured webhook. {@code url} and header values may hold {@code ${ENV_VAR}} references,
 * resolved at each delivery so secrets stay off disk and out of logs.
 *
 * @param name optional; names the webhook in logs and in the outbox (else a hash of the url)
 */
public record WebhookTarget(String name, String url, Format format, Map<String, String> headers, Duration timeout) {

  /** The body shape: our JSON document, or Slack's {@code {"text": …}}. */
  public enum Format { JSON, SLACK }

  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public WebhookTarget {
    headers = headers == null ? Map.of() : Map.copyOf(headers);
    format = format == null ? Format.JSON : format;
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
  }

  /** The outbox key: stable across restarts, free of secrets (a literal url is only hashed). */
  public String id() {
    if (name != null && !name.isBlank()) {
      return "webhook:" + name;
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
      return "webhook:" + HexFormat.of().formatHex(hash, 0, 6);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
