/**
 * Importers for the session logs coding CLIs write on disk: Claude Code
 * ({@code projects/**}{@code /*.jsonl}, sidechains included) and Codex
 * ({@code sessions/**}{@code /rollout-*.jsonl}). Importing the logs gives cost data without
 * changing an agent, and back-fills history.
 *
 * <p>One record per API response: Claude Code repeats a response's usage on one line per content
 * block (early lines may carry partial streaming counts, sidechains replay parent messages), so
 * lines are de-duplicated by {@code message.id + requestId}, keeping the largest token total; the
 * record id is the provider's message id, the same id the proxy uses, so a call seen by both
 * counts once. Codex reports per-turn usage in {@code token_count} events whose input includes the
 * cached tokens: normalised to our token kinds here.
 *
 * <p>Imports are incremental ({@link dev.cto.costs.capture.logs.ImportState}): per file, what was
 * read and an identity of its head, so a re-run reads only appended bytes and a truncated or
 * replaced file is read again from the start. A line without its newline yet is left for the next
 * run. Bad lines are skipped, counted and listed, never abort an import; so are lines over the
 * length limit (64 MiB by default), which are not even read into memory. A file or folder that
 * cannot be read ({@link dev.cto.costs.capture.logs.Unreadable}) is listed and left out of the
 * state, so the next run tries it again. A logs folder that is a link is followed, links inside it
 * are not (no loops). {@link
 * dev.cto.costs.capture.logs.LogWatcher} repeats the import on an interval ({@code --watch});
 * {@link dev.cto.costs.capture.logs.ImportProgress} tells a progress bar how far a run got.
 *
 * <p>Depends on {@code collect} (to write) and {@code domain} only.
 */
package dev.cto.costs.capture.logs;
