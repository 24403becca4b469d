/**
 * The analytics every front end shares (CLI, HTTP, MCP, dashboard): efficiency, trends, forecast,
 * anomalies and what-if, each a service over the store's query ports that returns a plain report
 * record (its JSON is the document of docs/reports.md) which also lays itself out for tables.
 *
 * <p>They read the daily rollup and aggregate per PR in SQL first; no report loads every record.
 * The statistics themselves live in the pure {@code stats} sub-package.
 */
package dev.cto.costs.analytics;
