-- Spend per day from this index alone, without reading the rollup's rows: a forecast sums a year
-- of days on every call, which at 10M records took longer through the rows than the report's whole
-- budget (docs/benchmarks.md, "Analytics at 10M records").
CREATE INDEX idx_daily_day_cost ON usage_daily (usage_day, cost_nanos);
