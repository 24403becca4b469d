package dev.cto.costs.domain;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * An event announced once through the alert sinks, such as a cost anomaly ({@code cost_anomaly}).
 * Recorded once per {@code (event, subject)} in the store, so every replica and every restart
 * agrees it has been announced; whoever records it first announces it.
 *
 * @param event the event's wire name, e.g. {@code cost_anomaly}
 * @param subject what it is about, unique within the event (for an anomaly: its kind and subject)
 * @param text one line for people (the log, Slack); it may quote stored names, which every sink
 *     escapes for its own medium
 * @param body the webhook document: a JSON object whose {@code event} field is {@link #event}
 * @param at when it was first detected
 */
public record Announcement(String event, String subject, String text, String body, Instant at) implements Alert {

  private static final Pattern EVENT = Pattern.compile("[a-z][a-z0-9_]{0,39}");
  public static final int MAX_SUBJECT = 300;
  public static final int MAX_TEXT = 1000;

  public Announcement {
    if (event == null || !EVENT.matcher(event).matches()) {
      throw new IllegalArgumentException("an announcement's event must be a lower_snake_case name of at most 40 characters, not "
          + (event == null ? "null" : "'" + event + "'"));
    }
    if (subject == null || subject.isBlank() || subject.length() > MAX_SUBJECT) {
      throw new IllegalArgumentException("an announcement's subject must hold 1 to " + MAX_SUBJECT + " characters");
    }
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("an announcement needs a text for people");
    }
    if (text.length() > MAX_TEXT) {
      text = text.substring(0, MAX_TEXT - 1) + "…";
    }
    if (body == null || !body.startsWith("{") || !body.contains("\"event\":\"" + event + "\"")) {
      throw new IllegalArgumentException("an announcement's body must be a JSON object naming its event " + event);
    }
    if (at == null) {
      throw new IllegalArgumentException("an announcement needs the time it was detected");
    }
  }

  /**
   * A subject within {@value #MAX_SUBJECT} characters: a longer one keeps its start and a digest of
   * the whole, so two long subjects stay distinct.
   */
  public static String subject(String full) {
    if (full.length() <= MAX_SUBJECT) {
      return full;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(full.getBytes(StandardCharsets.UTF_8));
      return full.substring(0, MAX_SUBJECT - 17) + "~" + HexFormat.of().formatHex(digest, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
