-- migrate:up
\set ON_ERROR_STOP on
-- add_column_deprecate
SET lock_timeout = '2s';
ALTER TABLE suppliers ADD COLUMN channel_10 boolean NOT NULL DEFAULT false;
COMMENT ON COLUMN reviews.audits_id IS 'deprecated: no longer read since the v2 API';
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'state_6') THEN
        CREATE TYPE state_6 AS ENUM ('new', 'active', 'closed');
    END IF;
END
$$;

-- migrate:down
DROP TABLE app_settings;
