-- migrate:up
\set ON_ERROR_STOP on
-- concurrent_index
SET lock_timeout = '2s';
CREATE INDEX CONCURRENTLY IF NOT EXISTS shipments_id_cidx ON shipments (id);

-- migrate:down
DROP TABLE app_settings;
