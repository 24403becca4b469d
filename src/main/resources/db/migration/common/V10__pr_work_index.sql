-- Cost, highest iteration and first day per (repository, PR, agent) over a range of days from this
-- index alone, without reading the rollup's rows: the anomaly report sums four months of them on
-- every call, and at 10M records reading the rows was most of its time (docs/benchmarks.md,
-- "Analytics at 10M records").
CREATE INDEX idx_daily_pr_work ON usage_daily (usage_day, repository, pr_number, agent, cost_nanos, max_iteration);

-- Whether a PR has usage within a range of days, in one seek: the efficiency report asks it once
-- per stored PR outcome, and with (repository, pr_number) alone each question read all of the
-- PR's rollup rows for their day. A row's day never changes, so updating its sums leaves this
-- index alone; reads of one PR use it as before.
DROP INDEX idx_daily_pr;
CREATE INDEX idx_daily_pr ON usage_daily (repository, pr_number, usage_day);
