-- token_usage becomes declaratively partitioned by calendar month (UTC) of occurred_at, so that
-- retention drops whole months (DROP TABLE, no row deletes, no vacuum debt) and a month's queries
-- touch only that month's partition (docs/sizing.md).
--
-- A unique constraint on a partitioned table must contain the partition key, so "one record per
-- id" and "one record per provider request" can no longer be unique indexes of token_usage. They
-- move to usage_keys, one narrow row per stored record: the writer inserts the batch's keys there
-- first (INSERT … ON CONFLICT DO NOTHING RETURNING id covers both unique indexes, also between
-- replicas writing at once) and then only the records whose keys were new, in the same transaction.

ALTER TABLE token_usage RENAME TO token_usage_unpartitioned;

CREATE TABLE token_usage (
    id                    VARCHAR(200) NOT NULL,
    repository            VARCHAR(200) NOT NULL,
    pr_number             BIGINT,
    agent                 VARCHAR(100) NOT NULL,
    stage                 VARCHAR(100) NOT NULL,
    iteration             INTEGER      NOT NULL,
    task_id               VARCHAR(200),
    cli                   VARCHAR(50),
    model                 VARCHAR(200) NOT NULL,
    provider              VARCHAR(50),
    input_tokens          BIGINT       NOT NULL,
    output_tokens         BIGINT       NOT NULL,
    cache_write_5m_tokens BIGINT       NOT NULL,
    cache_write_1h_tokens BIGINT       NOT NULL,
    cache_read_tokens     BIGINT       NOT NULL,
    cost_nanos            BIGINT       NOT NULL,
    priced                SMALLINT     NOT NULL,
    session_id            VARCHAR(200),
    request_id            VARCHAR(200),
    source                VARCHAR(50),
    occurred_at           BIGINT       NOT NULL,          -- epoch microseconds, UTC: the partition key
    usage_day             INTEGER      NOT NULL,
    recorded_at           BIGINT       NOT NULL,
    cache_savings_nanos   BIGINT,
    -- unique per partition only; usage_keys keeps ids unique across months. It also serves the
    -- updates by id (reprice, savings backfill), one index probe per partition.
    PRIMARY KEY (id, occurred_at)
) PARTITION BY RANGE (occurred_at);

-- A record for a month without its partition (an import of old logs, a clock far ahead) still
-- lands here; the service's hourly partition upkeep moves such rows into their month's partition.
CREATE TABLE token_usage_default PARTITION OF token_usage DEFAULT;

-- One partition per month holding records, and this month plus the next two; the service keeps
-- creating months ahead (Partitions.java). Bounds are epoch microseconds of UTC month starts.
DO $$
DECLARE
  m timestamp; -- a UTC month start, without time zone: month arithmetic must not follow the session's zone
BEGIN
  FOR m IN
    SELECT DISTINCT date_trunc('month', to_timestamp(occurred_at / 1000000.0) AT TIME ZONE 'UTC')
      FROM token_usage_unpartitioned
    UNION
    SELECT date_trunc('month', now() AT TIME ZONE 'UTC') + make_interval(months => k)
      FROM generate_series(0, 2) AS k
  LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF token_usage FOR VALUES FROM (%s) TO (%s)',
                   'token_usage_' || to_char(m, '"y"YYYY"m"MM'),
                   (extract(epoch FROM m) * 1000000)::bigint,
                   (extract(epoch FROM m + interval '1 month') * 1000000)::bigint);
  END LOOP;
END
$$;

INSERT INTO token_usage (id, repository, pr_number, agent, stage, iteration, task_id, cli, model, provider,
                         input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens,
                         cache_read_tokens, cost_nanos, priced, session_id, request_id, source, occurred_at,
                         usage_day, recorded_at, cache_savings_nanos)
SELECT id, repository, pr_number, agent, stage, iteration, task_id, cli, model, provider,
       input_tokens, output_tokens, cache_write_5m_tokens, cache_write_1h_tokens,
       cache_read_tokens, cost_nanos, priced, session_id, request_id, source, occurred_at,
       usage_day, recorded_at, cache_savings_nanos
  FROM token_usage_unpartitioned;

-- The dedupe keys of every stored record; retention deletes a month's keys with its partition.
CREATE TABLE usage_keys (
    id          VARCHAR(200) NOT NULL PRIMARY KEY,
    request_id  VARCHAR(200),
    occurred_at BIGINT       NOT NULL          -- the record's, so retention finds its keys
);
INSERT INTO usage_keys (id, request_id, occurred_at) SELECT id, request_id, occurred_at FROM token_usage_unpartitioned;

DROP TABLE token_usage_unpartitioned;

CREATE UNIQUE INDEX idx_keys_request ON usage_keys (request_id) WHERE request_id IS NOT NULL;
CREATE INDEX idx_keys_time ON usage_keys (occurred_at);

-- The same indexes as before, now one per partition (each new partition gets them by itself).
-- The request id's unique index lives in usage_keys: no query reads token_usage by request id.
CREATE INDEX idx_usage_pr         ON token_usage (repository, pr_number, occurred_at);
CREATE INDEX idx_usage_time       ON token_usage (occurred_at);
CREATE INDEX idx_usage_agent_time ON token_usage (agent, occurred_at);
CREATE INDEX idx_usage_day        ON token_usage (usage_day);
CREATE INDEX idx_usage_unpriced   ON token_usage (model) WHERE priced = 0;
