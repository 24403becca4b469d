-- Announcements (cost anomalies, budget alerts) leave through the same durable outbox as threshold
-- crossings: each (event, subject) is recorded once, whichever replica or run finds it first, and
-- reaches each alert sink once.

-- alerts_pending is 1 until the announcement's deliveries are created; it is set in the insert's
-- transaction, so a crash between recording and alerting loses nothing.
CREATE TABLE announcements (
    event          VARCHAR(40)   NOT NULL,      -- cost_anomaly, …
    subject        VARCHAR(300)  NOT NULL,      -- unique within the event
    text           VARCHAR(1000) NOT NULL,      -- one line for people
    body           TEXT          NOT NULL,      -- the webhook's JSON document
    announced_at   BIGINT        NOT NULL,      -- epoch microseconds, UTC
    alerts_pending SMALLINT      NOT NULL,
    PRIMARY KEY (event, subject)
);

CREATE INDEX idx_announcements_pending ON announcements (alerts_pending) WHERE alerts_pending = 1;
CREATE INDEX idx_announcements_at ON announcements (announced_at);

-- One row per (announcement, sink), claimed like alert_deliveries.
CREATE TABLE announcement_deliveries (
    event           VARCHAR(40)  NOT NULL,
    subject         VARCHAR(300) NOT NULL,
    sink            VARCHAR(200) NOT NULL,
    status          VARCHAR(10)  NOT NULL,      -- pending | done | failed (gave up)
    attempts        INTEGER      NOT NULL,
    next_attempt_at BIGINT       NOT NULL,      -- epoch microseconds, UTC
    claimed_by      VARCHAR(64),
    claimed_until   BIGINT       NOT NULL,      -- epoch microseconds; 0 = not claimed
    delivered_at    BIGINT,
    last_error      VARCHAR(500),
    PRIMARY KEY (event, subject, sink)
);

CREATE INDEX idx_announcement_deliveries_due ON announcement_deliveries (status, next_attempt_at);
