package dev.cto.costs.mcp;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The tools as clients list them. The descriptions are the manual an agent reads before calling:
 * they say which arguments make which report and what comes back.
 */
final class ToolSchemas {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ToolSchemas() {}

  static McpSchema.Tool costs() {
    return McpSchema.Tool.builder()
        .name(CostsTool.NAME)
        .title("AI agent costs")
        .description("""
            What AI agents' model calls cost, priced exactly from recorded token usage: the same reports \
            as `cto-cli costs show|agent|compare|summary|trends|forecast|anomalies|whatif|efficiency`. Pick the report with `report`, or let the \
            arguments imply it: `compare` → comparison, `model` → what-if, `pr` → PR report, `agent` → agent report, \
            nothing → this month's summary; trends, forecast, anomalies and efficiency are asked for by name. Examples: {"pr": 123}; \
            {"pr": 123, "detailed": true}; {"agent": "rex", "since": "2026-11-01"}; {"compare": [120, 121]}; \
            {"month": "previous"}; {"report": "trends", "by": "agent", "period": "week"}; \
            {"report": "forecast", "budget": 5000}; {"report": "forecast", "month": "2026-10", "as_of": "2026-10-10"}; \
            {"report": "anomalies", "kind": "pr_cost"}; \
            {"model": ["claude-opus-*=claude-sonnet-4-5"], "pr": 123} (what PR 123 would cost on Sonnet); \
            {"report": "efficiency", "since": "2026-10-01"} (cost per PR, caching and outcomes by agent and model). \
            Returns the report as readable text and, as structured content, the JSON document of \
            `--format json` (exact decimal USD in fields such as total_cost_usd). Usage of models \
            without a price is counted in unpriced_records and not in the totals.""")
        .inputSchema(schema("""
            {
              "type": "object",
              "properties": {
                "report": {"type": "string", "enum": ["pr", "agent", "compare", "summary", "trends", "forecast", "anomalies", "whatif", "efficiency"],
                  "description": "Which report. Optional: inferred from the other arguments (compare, model, pr, agent, else summary); trends, forecast, anomalies and efficiency only by name (or kind)."},
                "pr": {"type": "integer", "minimum": 1,
                  "description": "Pull request number for the PR report: total, cost by agent, stage and model, threshold status. With model: the what-if of that whole PR."},
                "repository": {"type": "string",
                  "description": "owner/name of the PR's repository (pr, compare and whatif reports; whatif over days: only this repository). Optional: defaults to the configured repository, else the only one with this PR number. Trends and forecast: only this repository's usage."},
                "detailed": {"type": "boolean",
                  "description": "PR report only: add the cost of every agent iteration."},
                "agent": {"type": "string",
                  "description": "Agent name for the agent report (e.g. rex, blaze, cleo, cipher, tess, morgan): its PRs, models, stages and spend per day. Trends, forecast, whatif and efficiency: only this agent's usage."},
                "since": {"type": "string",
                  "description": "Agent or summary report: from this date, YYYY-MM-DD (UTC) or RFC 3339. Agent default: the last 30 days. Trends, whatif and efficiency: first day, YYYY-MM-DD, inclusive (default: 90 days up to until)."},
                "until": {"type": "string",
                  "description": "Agent report: up to (excluding) this date, YYYY-MM-DD or RFC 3339. Default: now. Trends, whatif and efficiency: last day, YYYY-MM-DD, inclusive (default: today)."},
                "by": {"type": "string", "enum": ["total", "agent", "model", "stage", "repository"],
                  "description": "Trends: one series per agent, model, stage or repository, or one total (default)."},
                "period": {"type": "string", "enum": ["day", "week", "month"],
                  "description": "Trends: points per UTC day, week (from Monday, the default) or month; every period is there, zeros included."},
                "as_of": {"type": "string",
                  "description": "Forecast: pretend it is the end of this day, YYYY-MM-DD (later records are ignored). Default: today, or a past month's last day."},
                "budget": {"type": ["number", "string"],
                  "description": "Forecast: the month's budget in USD; the answer gives the first day the projection crosses it."},
                "days": {"type": "integer", "minimum": 1,
                  "description": "Agent report: the last N days, today included (instead of since)."},
                "month": {"type": "string",
                  "description": "Summary report: current (default), previous, or YYYY-MM (UTC calendar month). Forecast: current (default) or YYYY-MM."},
                "compare": {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1,
                  "description": "PR numbers to compare side by side, in this order, e.g. [120, 121, 122]."},
                "kind": {"type": "string", "enum": ["pr_cost", "iteration_loop", "daily_spend"],
                  "description": "Anomalies report: only this kind (default all). For anomalies, since and until are inclusive days YYYY-MM-DD (default the last 90 days), repository and agent narrow what is shown."},
                "model": {"type": "array", "items": {"type": "string"}, "minItems": 1,
                  "description": "What-if swaps FROM=TO, e.g. [\\"claude-opus-*=claude-sonnet-4-5\\"]: records of FROM (name, alias or glob with * and ?) priced as TO (one catalog model) at its price of each record's day, with its cache and long-context rules; the first swap that fits a record wins. Records without a price are in neither total."},
                "format": {"type": "string", "enum": ["table", "markdown"],
                  "description": "Layout of the text report: table (default) or markdown. The structured JSON is the same either way."}
              },
              "additionalProperties": false
            }"""))
        .annotations(readOnly("AI agent costs"))
        .build();
  }

  static McpSchema.Tool budget() {
    return McpSchema.Tool.builder()
        .name(BudgetTool.NAME)
        .title("Cost budgets")
        .description("""
            How much budget is left. With pr alone: the PR's USD spent so far, the configured warning \
            and error thresholds, what remains before each, and the status (ok, warning or error); a PR \
            without recorded usage has spent $0. With name, or without pr: the configured budgets \
            (limit, spent, reserved, remaining, status, projection to the period's end), one by name; \
            with pr and name, a per-PR budget as it stands for that PR. Call it before starting \
            expensive work. Examples: {"pr": 123}; {"name": "team-month"}; {}.""")
        .inputSchema(schema("""
            {
              "type": "object",
              "properties": {
                "pr": {"type": "integer", "minimum": 1, "description": "Pull request number."},
                "repository": {"type": "string",
                  "description": "owner/name of the PR's repository. Optional: defaults to the configured repository, else the only one with this PR number."},
                "name": {"type": "string", "description": "A configured budget's name (see the config's budgets)."}
              },
              "additionalProperties": false
            }"""))
        .annotations(readOnly("Cost budgets"))
        .build();
  }

  private static McpSchema.ToolAnnotations readOnly(String title) {
    return McpSchema.ToolAnnotations.builder().title(title).readOnlyHint(true).destructiveHint(false).idempotentHint(true)
        .openWorldHint(false).build();
  }

  private static Map<String, Object> schema(String json) {
    try {
      return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
