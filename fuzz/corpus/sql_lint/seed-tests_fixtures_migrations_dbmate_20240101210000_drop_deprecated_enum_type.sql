-- migrate:up
\set ON_ERROR_STOP on
-- drop_deprecated_enum_type
SET lock_timeout = '2s';
ALTER TABLE projects DROP COLUMN IF EXISTS audits_id;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'state_3') THEN
        CREATE TYPE state_3 AS ENUM ('new', 'active', 'closed');
    END IF;
END
$$;
ALTER TABLE suppliers RENAME COLUMN name TO display_name; -- expect: MIG008

-- migrate:down
DROP TABLE app_settings;
