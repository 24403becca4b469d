package dev.cto.costs.pricing;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code alerts} section: where threshold crossings are sent besides the log and the metric.
 * Url and header values may reference environment variables as {@code ${NAME}}, resolved when
 * sending, so secrets stay out of the file; problems never quote a url or header value.
 */
public final class AlertsConfig {

  public List<Webhook> webhooks;
  /** Delay before the first retry of a failed delivery; doubles per attempt (default 10s). */
  @JsonDeserialize(using = DurationText.class)
  public Duration retryDelay;

  /** {@code anomalies}: how {@code serve} looks for new cost anomalies to announce. */
  public Anomalies anomalies;

  /** The anomaly alerts: on by default wherever alerts go (the log and the metric at least). */
  public static final class Anomalies {
    /** Default true. */
    public Boolean enabled;
    /** How often serve looks for new anomalies (default 15m). */
    @JsonDeserialize(using = DurationText.class)
    public Duration every;
    /** The days looked at, today included (default 7): older anomalies are history, not news. */
    public Integer lookbackDays;

    public static final Duration DEFAULT_EVERY = Duration.ofMinutes(15);
    public static final int DEFAULT_LOOKBACK_DAYS = 7;

    public boolean isEnabled() {
      return enabled == null || enabled;
    }

    public Duration everyOrDefault() {
      return every == null ? DEFAULT_EVERY : every;
    }

    public int lookbackDaysOrDefault() {
      return lookbackDays == null ? DEFAULT_LOOKBACK_DAYS : lookbackDays;
    }
  }

  /** One webhook: JSON POST of the crossing, or a Slack-compatible {@code {"text": …}} body. */
  public static final class Webhook {
    public String name;
    public String url;
    public String format;
    public Map<String, String> headers;
    @JsonDeserialize(using = DurationText.class)
    public Duration timeout;
  }

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{[A-Za-z_][A-Za-z0-9_]*}");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,100}");

  static void validate(AlertsConfig alerts, List<String> problems) {
    if (alerts == null) {
      return;
    }
    if (alerts.retryDelay != null && alerts.retryDelay.isZero()) {
      problems.add("alerts.retry_delay: must be more than 0");
    }
    if (alerts.anomalies != null) {
      Anomalies a = alerts.anomalies;
      if (a.every != null && a.every.compareTo(Duration.ofSeconds(1)) < 0) {
        problems.add("alerts.anomalies.every: must be at least 1s (each look runs the anomalies report)");
      }
      if (a.lookbackDays != null && (a.lookbackDays < 1 || a.lookbackDays > 90)) {
        problems.add("alerts.anomalies.lookback_days: must be between 1 and 90, was " + a.lookbackDays);
      }
    }
    if (alerts.webhooks == null) {
      return;
    }
    Set<String> keys = new HashSet<>();
    for (int i = 0; i < alerts.webhooks.size(); i++) {
      Webhook w = alerts.webhooks.get(i);
      String at = "alerts.webhooks[" + i + "]";
      if (w == null) {
        problems.add(at + ": must be an object with a url");
        continue;
      }
      if (w.name != null && !NAME.matcher(w.name).matches()) {
        problems.add(at + ".name: letters, digits, '.', '_' and '-' only (at most 100)");
      }
      if (w.url == null || w.url.isBlank()) {
        problems.add(at + ".url: missing");
      } else if (!validUrl(w.url)) {
        problems.add(at + ".url: must be an absolute http:// or https:// URL or ${ENV_VAR} reference");
      }
      if (w.format != null && !List.of("json", "slack").contains(w.format.toLowerCase(Locale.ROOT))) {
        problems.add(at + ".format: must be json or slack, was " + w.format);
      }
      if (w.timeout != null && (w.timeout.isZero() || w.timeout.compareTo(Duration.ofMinutes(1)) > 0)) {
        problems.add(at + ".timeout: must be between 1ms and 1m");
      }
      if (w.headers != null) {
        w.headers.forEach((name, value) -> {
          if (!HEADER_NAME.matcher(name).matches()) {
            problems.add(at + ".headers: \"" + name + "\" is not a valid header name");
          } else if (value == null || value.contains("\n") || value.contains("\r")) {
            problems.add(at + ".headers." + name + ": must be a single-line string");
          } else if (value.replaceAll(REFERENCE.pattern(), "").contains("${")) {
            problems.add(at + ".headers." + name + ": a reference must look like ${ENV_VAR}");
          }
        });
      }
      String key = w.name != null ? "name " + w.name : w.url;
      if (key != null && !keys.add(key)) {
        problems.add(at + ": the same " + (w.name != null ? "name" : "url") + " as an earlier webhook; give each a distinct name");
      }
    }
  }

  private static boolean validUrl(String url) {
    String probe = REFERENCE.matcher(url).replaceAll("x");
    if (probe.contains("${")) {
      return false;
    }
    if (REFERENCE.matcher(url).lookingAt() && !url.startsWith("http")) {
      return true; // the whole url, or its start, comes from the environment
    }
    try {
      URI uri = new URI(probe);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
    } catch (java.net.URISyntaxException e) {
      return false;
    }
  }
}
