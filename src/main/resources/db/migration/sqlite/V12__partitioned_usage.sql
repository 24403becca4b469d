-- V12 partitions token_usage by month on PostgreSQL (db/migration/postgresql). SQLite has no
-- partitions: one file, retention deletes rows. The version is recorded so that both backends hold
-- the same set of versions (SchemaMigrator.SHIPPED_VERSIONS).
SELECT 1;
