/**
 * The MCP server of the cost reports: server {@code cto} with the tools {@code costs} (any report
 * the CLI prints, as text and as the CLI's JSON document) and {@code budget} (what is left of a
 * PR's thresholds), over stdio ({@code cto-cli costs mcp}) or streamable HTTP ({@code /mcp} in
 * {@code serve}). Built on the official MCP Java SDK; reports come from {@link
 * dev.cto.costs.report.ReportService} and are rendered by {@link dev.cto.costs.report.ReportRenderer},
 * so an agent sees the numbers the CLI shows.
 */
package dev.cto.costs.mcp;
