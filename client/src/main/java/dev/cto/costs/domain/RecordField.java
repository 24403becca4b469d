package dev.cto.costs.domain;

import java.time.Instant;

/**
 * The rules of a usage record's fields, in one place: every capture path builds records through
 * {@link UsageRecord}, {@link Attribution} and {@link TokenCounts}, which check these, so nothing a
 * path produces can be refused later by the store (the lengths are the columns' sizes; PostgreSQL
 * refuses NUL in text) or mislead a terminal or a report (control characters).
 *
 * <p>A string field, when present, is 1..{@link #maxLength()} characters (code points, as
 * PostgreSQL counts them), not blank, valid Unicode (no unpaired surrogate), with no control
 * character: neither C0 (NUL, BEL, ESC, …), DEL nor C1.
 */
public enum RecordField {
  ID("id", 200),
  REPOSITORY("repository", 200),
  PR_NUMBER("pr_number", 0),
  AGENT("agent", 100),
  CLI("cli", 50),
  MODEL("model", 200),
  PROVIDER("provider", 50),
  INPUT_TOKENS("input_tokens", 0),
  OUTPUT_TOKENS("output_tokens", 0),
  CACHE_CREATION_INPUT_TOKENS("cache_creation_input_tokens", 0),
  CACHE_CREATION_1H_INPUT_TOKENS("cache_creation_1h_input_tokens", 0),
  CACHE_READ_INPUT_TOKENS("cache_read_input_tokens", 0),
  STAGE("stage", 100),
  ITERATION("iteration", 0),
  TASK_ID("task_id", 200),
  SESSION_ID("session_id", 200),
  REQUEST_ID("request_id", 200),
  TIMESTAMP("timestamp", 0),
  SOURCE("source", 50);

  /** The most tokens of one kind one record may hold: more is a bug upstream, not a model call. */
  public static final long MAX_TOKENS = 1_000_000_000_000L;

  /** Each side of {@code owner/name}: GitHub's limit and alphabet. */
  private static final int MAX_OWNER_OR_NAME = 100;

  /** RFC 3339's range: what the API can write back, and what the store's epoch columns hold. */
  public static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
  public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private final String json;
  private final int maxLength;

  RecordField(String json, int maxLength) {
    this.json = json;
    this.maxLength = maxLength;
  }

  /** The field's name on the wire and in error messages. */
  public String json() {
    return json;
  }

  /** The longest value a string field may hold, in characters; 0 for numbers. */
  public int maxLength() {
    return maxLength;
  }

  /** What is wrong with {@code value} for this string field, or null when it is fine. Null values are fine here. */
  public String problem(String value) {
    if (value == null) {
      return null;
    }
    if (value.isBlank()) {
      return "must not be empty";
    }
    int length = value.codePointCount(0, value.length());
    if (length > maxLength) {
      return "must be at most " + maxLength + " characters, was " + length;
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        return String.format("must not contain control characters, found U+%04X at character %d", (int) c, i + 1);
      }
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1));
        if (!paired) {
          return "must be valid Unicode, found an unpaired surrogate at character " + (i + 1);
        }
        i++;
      }
    }
    if (this == REPOSITORY && !isOwnerSlashName(value)) {
      return "must look like owner/name, was \"" + abbreviate(value) + "\"";
    }
    return null;
  }

  /** Checks an optional string field; returns it. */
  public String check(String value) {
    String problem = problem(value);
    if (problem != null) {
      throw new InvalidRecordException(json, problem);
    }
    return value;
  }

  /** Checks a required string field; returns it. */
  public String require(String value) {
    if (value == null) {
      throw new InvalidRecordException(json, "is required");
    }
    return check(value);
  }

  /** What is wrong with a token count of this kind, or null. */
  public String tokenProblem(long value) {
    if (value < 0 || value > MAX_TOKENS) {
      return "must be an integer from 0 to 10^12, was " + value;
    }
    return null;
  }

  /**
   * The nearest value this field accepts, for rows stored before these rules existed: control
   * characters become visible {@code \\xNN} escapes, an unpaired surrogate becomes U+FFFD, an
   * over-long value is cut (ending in …), and what still fails (blank, a repository that is not
   * {@code owner/name}) becomes null. Null stays null. Capture paths refuse or replace instead:
   * this only keeps what was already acknowledged readable.
   */
  public String repair(String value) {
    if (value == null || problem(value) == null) {
      return value;
    }
    StringBuilder b = new StringBuilder(value.length());
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        b.append(c < 0x100 ? String.format("\\x%02X", (int) c) : String.format("\\u%04X", (int) c));
      } else if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
        b.append(c).append(value.charAt(++i));
      } else {
        b.append(Character.isSurrogate(c) ? '\uFFFD' : c);
      }
    }
    String repaired = b.toString();
    if (repaired.codePointCount(0, repaired.length()) > maxLength) {
      repaired = repaired.substring(0, repaired.offsetByCodePoints(0, maxLength - 1)) + "…";
    }
    return problem(repaired) == null ? repaired : null;
  }

  /** Shortens a value quoted in a message: the message names the problem, not the whole input. */
  public static String abbreviate(String s) {
    return s.length() <= 40 ? s : s.substring(0, 37) + "…";
  }

  /** {@code owner/name} on GitHub's alphabet: 1..100 of {@code [A-Za-z0-9_.-]} on each side. */
  private static boolean isOwnerSlashName(String s) {
    int slash = s.indexOf('/');
    int name = s.length() - slash - 1;
    if (slash < 1 || slash > MAX_OWNER_OR_NAME || name < 1 || name > MAX_OWNER_OR_NAME) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.' || c == '-';
      if (!ok && i != slash) {
        return false;
      }
    }
    return true;
  }
}
