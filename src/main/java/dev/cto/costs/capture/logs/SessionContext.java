package dev.cto.costs.capture.logs;

/**
 * Where a call was made: what attribution rules match on.
 *
 * @param cli {@code claude-code} or {@code codex}; also the record's source
 * @param project the folder the CLI keeps the session's logs in (Claude Code: the encoded cwd)
 */
public record SessionContext(String cli, String sessionId, String cwd, String gitBranch, String project) {}
