-- migrate:up
\set ON_ERROR_STOP on
-- concurrent_index_enum_type
SET lock_timeout = '2s';
CREATE INDEX CONCURRENTLY IF NOT EXISTS carts_audits_id_cidx ON carts (audits_id);
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'state_4') THEN
        CREATE TYPE state_4 AS ENUM ('new', 'active', 'closed');
    END IF;
END
$$;
ALTER TABLE audits ALTER COLUMN amount TYPE bigint; -- expect: MIG011

-- migrate:down
DROP TABLE app_settings;
