package dev.cto.costs.capture.proxy;

import dev.cto.costs.domain.Attribution;
import dev.cto.costs.domain.RecordField;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Who a proxied call is charged to: the {@code cto.*} entries of a W3C {@code baggage} header
 * ({@link W3cBaggage}), overridden by {@code X-CTO-*} request headers, overridden by the path's
 * {@code @key=value} pairs: the most explicit source wins. A call without an agent or stage is still recorded (as {@code unknown}),
 * because dropping tokens is worse than attributing them loosely; for the same reason a value the
 * record's rules refuse is replaced ({@link Replacement}), never a reason to fail the call.
 *
 * @param replaced the values that were replaced, empty when none was
 */
record CallAttribution(Attribution attribution, String cli, List<Replacement> replaced) {

  static final String UNKNOWN = "unknown";
  static final String HEADER_PREFIX = "x-cto-";

  static CallAttribution of(Function<String, String> header, Map<String, String> path) {
    Map<String, String> baggage = W3cBaggage.ctoEntries(header.apply(W3cBaggage.HEADER));
    Function<String, String> headers = name -> {
      String value = header.apply(name);
      return value != null || !name.startsWith(HEADER_PREFIX) ? value : baggage.get(name.substring(HEADER_PREFIX.length()));
    };
    return of(headers, path, new ArrayList<>());
  }

  private static CallAttribution of(Function<String, String> header, Map<String, String> path, List<Replacement> replaced) {
    String repository = Replacement.valid(RecordField.REPOSITORY, pick(header, path, "repository", "repo"), null, null, replaced);
    Long pr = Replacement.number(RecordField.PR_NUMBER, pick(header, path, "pr", "pr_number"), Long.MAX_VALUE, null, replaced);
    String agent = Replacement.valid(RecordField.AGENT, pick(header, path, "agent", null), UNKNOWN, UNKNOWN, replaced);
    String stage = Replacement.valid(RecordField.STAGE, pick(header, path, "stage", null), UNKNOWN, UNKNOWN, replaced);
    Long iteration = Replacement.number(RecordField.ITERATION, pick(header, path, "iteration", null), Integer.MAX_VALUE, "1", replaced);
    String task = Replacement.valid(RecordField.TASK_ID, pick(header, path, "task", "task_id"), null, null, replaced);
    String cli = Replacement.valid(RecordField.CLI, pick(header, path, "cli", null), null, null, replaced);
    return new CallAttribution(new Attribution(repository, pr, agent, stage, iteration == null ? 1 : iteration.intValue(), task),
        cli, List.copyOf(replaced));
  }

  private static String pick(Function<String, String> header, Map<String, String> path, String name, String alias) {
    String value = path.get(name);
    if (value == null && alias != null) {
      value = path.get(alias);
    }
    if (value == null) {
      value = header.apply(HEADER_PREFIX + (name.equals("pr") ? "pr" : name));
    }
    return value == null || value.isBlank() ? null : value.trim();
  }
}
