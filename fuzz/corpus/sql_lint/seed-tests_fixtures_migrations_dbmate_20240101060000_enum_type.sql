-- migrate:up
\set ON_ERROR_STOP on
-- enum_type
SET lock_timeout = '2s';
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'state_1') THEN
        CREATE TYPE state_1 AS ENUM ('new', 'active', 'closed');
    END IF;
END
$$;

-- migrate:down
DROP TABLE app_settings;
