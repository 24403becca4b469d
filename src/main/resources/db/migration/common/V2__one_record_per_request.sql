-- One record per provider request, whichever path saw it: the proxy, the log import and the OTLP
-- receiver name records by different ids (message id, request id), but all of them know the
-- provider's request id. A unique index makes the store drop the second copy (INSERT … ON CONFLICT
-- DO NOTHING covers every unique constraint), also between replicas writing concurrently.

-- Copies stored before this version: keep the oldest (smallest id among the first recorded).
DELETE FROM token_usage
 WHERE request_id IS NOT NULL
   AND EXISTS (SELECT 1 FROM token_usage o
                WHERE o.request_id = token_usage.request_id
                  AND (o.recorded_at < token_usage.recorded_at
                       OR (o.recorded_at = token_usage.recorded_at AND o.id < token_usage.id)));

CREATE UNIQUE INDEX idx_usage_request ON token_usage (request_id) WHERE request_id IS NOT NULL;

-- The rollup must stay a GROUP BY of token_usage: rebuild it once (cheap next to the delete).
DELETE FROM usage_daily;
INSERT INTO usage_daily (usage_day, repository, pr_number, agent, stage, model, provider, priced,
                         max_iteration, records, input_tokens, output_tokens, cache_write_5m_tokens,
                         cache_write_1h_tokens, cache_read_tokens, cost_nanos, first_at, last_at)
SELECT usage_day, repository, COALESCE(pr_number, 0), agent, stage, model, COALESCE(provider, ''), priced,
       MAX(iteration), COUNT(*), SUM(input_tokens), SUM(output_tokens), SUM(cache_write_5m_tokens),
       SUM(cache_write_1h_tokens), SUM(cache_read_tokens), SUM(cost_nanos), MIN(occurred_at), MAX(occurred_at)
  FROM token_usage
 GROUP BY usage_day, repository, COALESCE(pr_number, 0), agent, stage, model, COALESCE(provider, ''), priced;
