/**
 * The {@code cto-cli costs …} commands (picocli). Commands parse and check their arguments, ask
 * the composition root ({@code app}) for what they need, and print through the report renderers;
 * errors become one line on stderr with exit code 2 (usage) or 1 (everything else).
 */
package dev.cto.costs.cli;
