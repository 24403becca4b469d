-- Threshold alerts leave through a durable outbox, so each crossing reaches each alert sink once,
-- across restarts and with several replicas.

-- 1 while a crossing's deliveries are not created yet. It is set in the same transaction that
-- records the crossing, so a crash between recording and alerting loses nothing. Crossings
-- recorded before this migration stay 0: they were announced by the version that recorded them.
ALTER TABLE threshold_crossings ADD COLUMN alerts_pending SMALLINT NOT NULL DEFAULT 0;

CREATE INDEX idx_crossings_alerts_pending ON threshold_crossings (alerts_pending) WHERE alerts_pending = 1;

-- One row per (crossing, sink). A replica owns a row while claimed_until is in the future; the
-- claim is a conditional UPDATE, so only one replica delivers.
CREATE TABLE alert_deliveries (
    repository      VARCHAR(200) NOT NULL,
    pr_number       BIGINT       NOT NULL,
    level           VARCHAR(10)  NOT NULL,
    sink            VARCHAR(200) NOT NULL,          -- stable sink id, e.g. webhook:ops-slack
    status          VARCHAR(10)  NOT NULL,          -- pending | done | failed (gave up)
    attempts        INTEGER      NOT NULL,
    next_attempt_at BIGINT       NOT NULL,          -- epoch microseconds, UTC
    claimed_by      VARCHAR(64),
    claimed_until   BIGINT       NOT NULL,          -- epoch microseconds; 0 = not claimed
    delivered_at    BIGINT,
    last_error      VARCHAR(500),
    PRIMARY KEY (repository, pr_number, level, sink)
);

CREATE INDEX idx_deliveries_due ON alert_deliveries (status, next_attempt_at);
