-- migrate:up
\set ON_ERROR_STOP on
-- enum_type_add_column
SET lock_timeout = '2s';
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'state_5') THEN
        CREATE TYPE state_5 AS ENUM ('new', 'active', 'closed');
    END IF;
END
$$;
ALTER TABLE webhooks ADD COLUMN status_reason_9 boolean NOT NULL DEFAULT false;

-- migrate:down
DROP TABLE app_settings;
