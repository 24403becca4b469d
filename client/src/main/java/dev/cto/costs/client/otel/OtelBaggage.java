package dev.cto.costs.client.otel;

import dev.cto.costs.client.ExecutionContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts an {@link ExecutionContext} into the current OpenTelemetry baggage when the OpenTelemetry API
 * is on the class path, and does nothing when it is not. The entries are the attribute names the
 * collector reads from spans and resources: {@code cto.repository}, {@code cto.pr}, {@code
 * cto.agent}, {@code cto.stage}, {@code cto.iteration} and {@code cto.task}.
 *
 * <p>This class names no OpenTelemetry type, so loading it never needs the API; {@link BaggageScope}
 * does, and is only touched once the API has been found. Setting the system property {@value
 * #DISABLE_PROPERTY} to {@code false} turns it off, for an application whose baggage propagates to
 * services that should not see the repository and PR.
 */
public final class OtelBaggage {

  /** {@code -Dcto.costs.otel.baggage=false} keeps attribution out of OpenTelemetry baggage. */
  public static final String DISABLE_PROPERTY = "cto.costs.otel.baggage";

  private static final boolean AVAILABLE = apiPresent();
  private static final Entered NOTHING = () -> {};

  private OtelBaggage() {}

  /** Whether the OpenTelemetry API is on the class path and baggage is not turned off. */
  public static boolean enabled() {
    return AVAILABLE && !"false".equalsIgnoreCase(System.getProperty(DISABLE_PROPERTY));
  }

  /**
   * Makes a baggage holding {@code context}'s entries current on this thread until the returned
   * handle is closed (on this thread, in reverse order of opening, as OpenTelemetry scopes are).
   * Other baggage entries are kept; {@code cto.*} entries the context leaves empty are removed, so an
   * inner scope without a PR does not inherit the outer one's.
   */
  public static Entered enter(ExecutionContext context) {
    return enabled() ? BaggageScope.enter(entries(context)) : NOTHING;
  }

  /** Undoes one {@link #enter}: the baggage current before it is current again. */
  @FunctionalInterface
  public interface Entered extends AutoCloseable {
    @Override
    void close();
  }

  /** The {@code cto.*} entries of {@code context}, null where the context leaves one empty. */
  static Map<String, String> entries(ExecutionContext context) {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("cto.repository", context.repository());
    entries.put("cto.pr", context.prNumber() == null ? null : Long.toString(context.prNumber()));
    entries.put("cto.agent", context.agent());
    entries.put("cto.stage", context.stage());
    entries.put("cto.iteration", Integer.toString(context.iteration()));
    entries.put("cto.task", context.taskId());
    return entries;
  }

  private static boolean apiPresent() {
    try {
      Class.forName("io.opentelemetry.api.baggage.Baggage", false, OtelBaggage.class.getClassLoader());
      Class.forName("io.opentelemetry.context.Context", false, OtelBaggage.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false; // no OpenTelemetry in this application: nothing to put baggage into
    }
  }
}
