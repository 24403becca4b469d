package dev.cto.costs.mcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import dev.cto.costs.analytics.Analytics;
import dev.cto.costs.analytics.AnalyticsScope;
import dev.cto.costs.analytics.ForecastRequest;
import dev.cto.costs.analytics.TrendDimension;
import dev.cto.costs.analytics.TrendPeriod;
import dev.cto.costs.analytics.AnomalyKind;
import dev.cto.costs.analytics.WhatIfRequest;
import dev.cto.costs.report.Format;
import dev.cto.costs.report.Periods;
import dev.cto.costs.report.ReportRenderer;
import dev.cto.costs.report.ReportService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The {@code costs} tool: the CLI's reports ({@code show}, {@code agent}, {@code compare},
 * {@code summary}, and the analytics {@code trends}, {@code forecast}, {@code anomalies}, {@code whatif} and {@code efficiency}) with the CLI's
 * defaults, rendered by the CLI's renderer.
 */
final class CostsTool {

  static final String NAME = "costs";
  private static final long MAX_DAYS = 36_500;
  static final Set<String> ARGUMENTS =
      Set.of("report", "pr", "repository", "detailed", "agent", "since", "until", "days", "month", "compare", "format",
          "by", "period", "as_of", "budget", "kind", "model");
  private static final List<String> REPORTS = List.of("pr", "agent", "compare", "summary", "trends", "forecast", "anomalies", "whatif", "efficiency");

  /** The report's exact JSON as a tree; trailing zeros kept, so the tree is the CLI's document. */
  private static final ObjectMapper TREE = ReportRenderer.JSON.copy().configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);

  private final ReportService reports;
  private final Analytics analytics;
  private final Clock clock;

  CostsTool(ReportService reports, Analytics analytics, Clock clock) {
    this.reports = reports;
    this.analytics = analytics;
    this.clock = clock;
  }

  ToolOutput call(ToolArguments args) {
    args.rejectUnknown(ARGUMENTS);
    Format format = format(args.string("format"));
    Object report = switch (kind(args)) {
      case "pr" -> pr(args);
      case "agent" -> agent(args);
      case "compare" -> compare(args);
      case "summary" -> summary(args);
      case "trends" -> trends(args);
      case "forecast" -> forecast(args);
      case "anomalies" -> anomalies(args);
      case "whatif" -> whatIf(args);
      case "efficiency" -> efficiency(args);
      default -> throw new IllegalStateException();
    };
    return new ToolOutput(render(report, format), tree(report));
  }

  /** The report asked for, or the one the arguments imply. */
  private static String kind(ToolArguments args) {
    String report = args.string("report");
    if (report != null) {
      String k = report.toLowerCase(java.util.Locale.ROOT);
      if (!REPORTS.contains(k)) {
        throw new ToolArgumentException("report must be one of " + String.join(", ", REPORTS) + ", was '" + report + "'");
      }
      return k;
    }
    if (args.has("kind")) {
      return "anomalies";
    }
    if (args.has("compare")) {
      return "compare";
    }
    if (args.has("model")) {
      return "whatif";
    }
    if (args.has("pr")) {
      return "pr";
    }
    return args.has("agent") ? "agent" : "summary";
  }

  private Object pr(ToolArguments args) {
    args.rejectPresent("pr", "by", "period", "as_of", "budget", "kind");
    args.rejectPresent("pr", "agent", "since", "until", "days", "month", "compare");
    long pr = args.requiredPositive("pr", "for a pr report (the pull request number, e.g. 123)");
    return reports.prReport(args.string("repository"), pr, args.flag("detailed"));
  }

  private Object agent(ToolArguments args) {
    args.rejectPresent("agent", "by", "period", "as_of", "budget", "kind");
    args.rejectPresent("agent", "pr", "compare", "month", "detailed", "repository");
    String agent = args.requiredString("agent", "for an agent report (the agent's name, e.g. rex)");
    if (args.has("since") && args.has("days")) {
      throw new ToolArgumentException("since and days: give one of them");
    }
    Long days = args.positive("days");
    if (days != null && days > MAX_DAYS) {
      throw new ToolArgumentException("days must be at most " + MAX_DAYS + ", was " + days + " (use since for a fixed start)");
    }
    Instant from = args.has("since") ? date("since", args.string("since"))
        : Periods.lastDays(days == null ? 30 : days.intValue(), clock);
    Instant until = date("until", args.string("until"));
    if (until != null && !until.isAfter(from)) {
      throw new ToolArgumentException("until must be after the start of the report (" + from + ")");
    }
    return reports.agentReport(agent, from, until);
  }

  private Object compare(ToolArguments args) {
    args.rejectPresent("compare", "by", "period", "as_of", "budget", "kind");
    args.rejectPresent("compare", "pr", "agent", "since", "until", "days", "month", "detailed");
    List<Long> prs = args.positives("compare");
    if (prs == null) {
      throw new ToolArgumentException("compare is required for a compare report (PR numbers, e.g. [120, 121])");
    }
    return reports.compare(args.string("repository"), prs);
  }

  private Object summary(ToolArguments args) {
    args.rejectPresent("summary", "by", "period", "as_of", "budget", "kind");
    args.rejectPresent("summary", "pr", "agent", "compare", "until", "days", "detailed", "repository");
    if (args.has("since") && args.has("month")) {
      throw new ToolArgumentException("month and since: give one of them");
    }
    Periods.Window window;
    try {
      window = args.has("since") ? new Periods.Window(Periods.date("since", args.string("since")), null)
          : Periods.month(args.string("month"), clock);
    } catch (IllegalArgumentException e) {
      throw new ToolArgumentException(e.getMessage());
    }
    return reports.summary(window.from(), window.until());
  }

  /** As {@code costs trends}: inclusive UTC days (default the last 90), repository and agent optional. */
  private Object trends(ToolArguments args) {
    args.rejectPresent("trends", "pr", "compare", "days", "month", "detailed", "as_of", "budget", "kind");
    try {
      AnalyticsScope scope = AnalyticsScope.parse(args.string("since"), args.string("until"), args.string("repository"),
          args.string("agent"), clock);
      return analytics.trends().trends(scope, TrendDimension.parse(args.string("by")), TrendPeriod.parse(args.string("period")));
    } catch (IllegalArgumentException e) {
      throw new ToolArgumentException(e.getMessage());
    }
  }

  /** As {@code costs forecast}: month, as_of, budget, optionally one repository or agent. */
  private Object forecast(ToolArguments args) {
    args.rejectPresent("forecast", "pr", "compare", "days", "since", "until", "detailed", "by", "period", "kind");
    ForecastRequest request;
    try {
      request = ForecastRequest.parse(args.string("month"), args.string("as_of"), args.amount("budget"),
          args.string("repository"), args.string("agent"), clock);
    } catch (IllegalArgumentException e) {
      throw new ToolArgumentException(e.getMessage().replaceFirst("^as-of:", "as_of:"));
    }
    return analytics.forecast().forecast(request);
  }

  /** As {@code costs anomalies}: inclusive UTC days (default the last 90), repository and agent narrow what is shown. */
  private Object anomalies(ToolArguments args) {
    args.rejectPresent("anomalies", "pr", "compare", "days", "month", "detailed", "by", "period", "as_of", "budget");
    try {
      AnalyticsScope scope = AnalyticsScope.parse(args.string("since"), args.string("until"), args.string("repository"),
          args.string("agent"), clock);
      return analytics.anomalies().anomalies(scope, AnomalyKind.parse(args.string("kind")));
    } catch (IllegalArgumentException e) {
      throw new ToolArgumentException(e.getMessage());
    }
  }

  /** The CLI's {@code costs whatif}: a PR ({@code pr}, {@code repository}) or days ({@code since}, {@code until}). */
  private Object whatIf(ToolArguments args) {
    args.rejectPresent("whatif", "days", "month", "compare", "detailed", "by", "period", "as_of", "budget", "kind");
    Long pr = args.positive("pr");
    try {
      return analytics.whatIf().whatIf(WhatIfRequest.parse(pr == null ? null : pr.toString(), args.string("repository"),
          args.string("since"), args.string("until"), args.string("agent"), args.strings("model"), clock));
    } catch (IllegalArgumentException e) {
      throw new ToolArgumentException(e.getMessage());
    }
  }

  /** As {@code costs efficiency}: inclusive UTC days (default the last 90), repository and agent optional. */
  private Object efficiency(ToolArguments args) {
    args.rejectPresent("efficiency", "pr", "compare", "days", "month", "detailed", "as_of", "budget", "by", "period", "kind", "model");
    AnalyticsScope scope;
    try {
      scope = AnalyticsScope.parse(args.string("since"), args.string("until"), args.string("repository"),
          args.string("agent"), clock);
    } catch (IllegalArgumentException e) {
      throw new ToolArgumentException(e.getMessage());
    }
    return analytics.efficiency().efficiency(scope);
  }

  private static Instant date(String name, String value) {
    try {
      return Periods.date(name, value);
    } catch (IllegalArgumentException e) {
      throw new ToolArgumentException(e.getMessage());
    }
  }

  private static Format format(String value) {
    if (value == null || value.equalsIgnoreCase("table")) {
      return Format.TABLE;
    }
    if (value.equalsIgnoreCase("markdown")) {
      return Format.MARKDOWN;
    }
    throw new ToolArgumentException("format must be table or markdown, was '" + value + "'");
  }

  static String render(Object report, Format format) {
    StringWriter text = new StringWriter();
    ReportRenderer.render(report, format, new PrintWriter(text));
    return text.toString();
  }

  static JsonNode tree(Object document) {
    return TREE.valueToTree(document);
  }
}
