package dev.cto.costs.mcp;

/**
 * What a tool answers: a readable report for the model and the machine-readable document.
 *
 * @param text the report as the CLI prints it (table or Markdown)
 * @param document the JSON document (a Jackson tree), the CLI's {@code --format json} output
 */
record ToolOutput(String text, Object document) {}
