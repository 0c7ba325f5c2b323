-- migrate:up
\set ON_ERROR_STOP on
-- view_concurrent_index
SET lock_timeout = '2s';
CREATE OR REPLACE VIEW recent_devices AS
    SELECT id, name, created_at FROM devices
    WHERE created_at > now() - interval '30 days';
CREATE INDEX CONCURRENTLY IF NOT EXISTS audits_created_at_cidx ON audits (created_at);
ALTER TABLE payments ALTER COLUMN name TYPE varchar(200);

-- migrate:down
DROP TABLE app_settings;
