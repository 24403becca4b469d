-- One schema for SQLite and PostgreSQL: only types both accept, integers for money and time.

-- One row per model call. Costs are fixed at ingest as integer nano-dollars.
CREATE TABLE token_usage (
    id                    VARCHAR(200) NOT NULL PRIMARY KEY,
    repository            VARCHAR(200) NOT NULL,          -- '' when unknown
    pr_number             BIGINT,                         -- NULL: work not tied to a PR
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
    priced                SMALLINT     NOT NULL,          -- 1 priced, 0 no price for the model
    session_id            VARCHAR(200),
    request_id            VARCHAR(200),
    source                VARCHAR(50),
    occurred_at           BIGINT       NOT NULL,          -- epoch microseconds, UTC
    usage_day             INTEGER      NOT NULL,          -- epoch day, UTC
    recorded_at           BIGINT       NOT NULL           -- epoch microseconds, UTC
);

CREATE INDEX idx_usage_pr         ON token_usage (repository, pr_number, occurred_at);
CREATE INDEX idx_usage_time       ON token_usage (occurred_at);
CREATE INDEX idx_usage_agent_time ON token_usage (agent, occurred_at);
CREATE INDEX idx_usage_day        ON token_usage (usage_day);
CREATE INDEX idx_usage_unpriced   ON token_usage (model) WHERE priced = 0;

-- Daily rollup maintained in the same transaction as every write to token_usage: reports
-- aggregate these rows instead of millions of records. The key holds what period reports group
-- by; iteration and cli breakdowns (PR-scoped) read the records. Sentinels instead of NULL in the
-- key (pr_number 0, provider '') because NULLs never conflict in a unique key.
CREATE TABLE usage_daily (
    usage_day             INTEGER      NOT NULL,
    repository            VARCHAR(200) NOT NULL,
    pr_number             BIGINT       NOT NULL,
    agent                 VARCHAR(100) NOT NULL,
    stage                 VARCHAR(100) NOT NULL,
    model                 VARCHAR(200) NOT NULL,
    provider              VARCHAR(50)  NOT NULL,
    priced                SMALLINT     NOT NULL,
    max_iteration         INTEGER      NOT NULL,
    records               BIGINT       NOT NULL,
    input_tokens          BIGINT       NOT NULL,
    output_tokens         BIGINT       NOT NULL,
    cache_write_5m_tokens BIGINT       NOT NULL,
    cache_write_1h_tokens BIGINT       NOT NULL,
    cache_read_tokens     BIGINT       NOT NULL,
    cost_nanos            BIGINT       NOT NULL,
    first_at              BIGINT       NOT NULL,
    last_at               BIGINT       NOT NULL,
    PRIMARY KEY (usage_day, repository, pr_number, agent, stage, model, provider, priced)
);

CREATE INDEX idx_daily_pr    ON usage_daily (repository, pr_number);
CREATE INDEX idx_daily_agent ON usage_daily (agent, usage_day);

-- A PR crossing a threshold level, recorded once by whichever process sees it first.
CREATE TABLE threshold_crossings (
    repository      VARCHAR(200) NOT NULL,
    pr_number       BIGINT       NOT NULL,
    level           VARCHAR(10)  NOT NULL,
    threshold_nanos BIGINT       NOT NULL,
    total_nanos     BIGINT       NOT NULL,
    crossed_at      BIGINT       NOT NULL,
    PRIMARY KEY (repository, pr_number, level)
);
