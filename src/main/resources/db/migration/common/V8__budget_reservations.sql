-- Budget enforcement: money held for calls in flight, so concurrent calls (also on other replicas
-- sharing this database) cannot together spend past a budget's limit.

-- One row per budget key (a budget's period, and PR for {pr: "*"} budgets). A reserver upserts
-- its keys' rows first: the row lock (PostgreSQL) or the write lock (SQLite) serialises reservers
-- of the same key, so each sees the others' reservations before it decides.
CREATE TABLE budget_locks (
    budget_key VARCHAR(400) NOT NULL PRIMARY KEY,
    touched_at BIGINT       NOT NULL          -- epoch microseconds, UTC; stale rows are purged
);

-- A call's reservation against one budget key. Settled: amount_nanos is the actual cost and
-- record_id the usage record carrying it; the row stops counting as soon as that record is stored
-- (its cost is then spend), or when it expires, whichever is first.
CREATE TABLE budget_reservations (
    reservation_id VARCHAR(64)  NOT NULL,
    budget_key     VARCHAR(400) NOT NULL,
    amount_nanos   BIGINT       NOT NULL,
    record_id      VARCHAR(200),
    created_at     BIGINT       NOT NULL,     -- epoch microseconds, UTC
    expires_at     BIGINT       NOT NULL,     -- epoch microseconds, UTC
    PRIMARY KEY (reservation_id, budget_key)
);

CREATE INDEX idx_reservations_key ON budget_reservations (budget_key, expires_at);
CREATE INDEX idx_reservations_expiry ON budget_reservations (expires_at);
