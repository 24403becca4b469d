-- What caching saved: per record, cache-read tokens × (input price − cache-read price) at the rates
-- the record was priced with (long-context rates included), rounded half-even to the nano-dollar
-- once, like cost_nanos. The prices live in the config, not in the database, so no SQL can compute
-- it for the rows already stored: they keep NULL ("not known yet") until the application fills
-- them with the catalog (`costs reprice`, or `costs serve` when it starts; docs/reports.md).
-- Reports show unknown savings as unknown, never as a zero nobody computed.
ALTER TABLE token_usage ADD COLUMN cache_savings_nanos BIGINT;

-- The rollup stays a GROUP BY of token_usage: the sum of the known savings, and how many records
-- of the group have none yet. Every record stored so far has none, so that count is `records`.
ALTER TABLE usage_daily ADD COLUMN cache_savings_nanos BIGINT NOT NULL DEFAULT 0;
ALTER TABLE usage_daily ADD COLUMN savings_unknown BIGINT NOT NULL DEFAULT 0;
UPDATE usage_daily SET savings_unknown = records;
