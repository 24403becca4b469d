-- What became of each PR with usage, read from GitHub (`costs prs sync`) or kept current by its
-- pull_request webhooks. Reports join this table on (repository, pr_number) to count merged PRs,
-- cost per merged PR, money spent on PRs closed without merging and cost per changed line.
CREATE TABLE pr_outcomes (
    repository  VARCHAR(200) NOT NULL,
    pr_number   BIGINT       NOT NULL,
    state       VARCHAR(10)  NOT NULL CHECK (state IN ('open', 'closed', 'merged')),
    merged_at   BIGINT,                   -- epoch microseconds, UTC; set iff state = 'merged'
    closed_at   BIGINT,                   -- epoch microseconds, UTC; NULL while open
    additions   BIGINT       NOT NULL,
    deletions   BIGINT       NOT NULL,
    -- GitHub's updated_at for the state stored (epoch microseconds): a write carrying an older one
    -- is ignored, so a late or replayed webhook never overwrites a newer state
    updated_at  BIGINT       NOT NULL,
    synced_at   BIGINT       NOT NULL,    -- when this row was last written, epoch microseconds
    PRIMARY KEY (repository, pr_number)
);

CREATE INDEX idx_pr_outcomes_state ON pr_outcomes (state);
