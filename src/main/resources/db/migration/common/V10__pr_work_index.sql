-- Cost, highest iteration and first day per (repository, PR, agent) over a range of days from this
-- index alone, without reading the rollup's rows: the anomaly report sums four months of them on
-- every call, and at 10M records reading the rows was most of its time (docs/benchmarks.md,
-- "Analytics at 10M records").
CREATE INDEX idx_daily_pr_work ON usage_daily (usage_day, repository, pr_number, agent, cost_nanos, max_iteration);
