-- migrate:up
\set ON_ERROR_STOP on
-- view_concurrent_index
SET lock_timeout = '2s';
CREATE OR REPLACE VIEW recent_reviews AS
    SELECT id, name, created_at FROM reviews
    WHERE created_at > now() - interval '30 days';
CREATE INDEX CONCURRENTLY IF NOT EXISTS shipments_reviews_id_cidx ON shipments (reviews_id);
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'state_2') THEN
        CREATE TYPE state_2 AS ENUM ('new', 'active', 'closed');
    END IF;
END
$$;

-- migrate:down
DROP TABLE app_settings;
