-- migrate:up
\set ON_ERROR_STOP on
-- seed_widen
SET lock_timeout = '2s';
INSERT INTO app_settings (key, value) VALUES
    ('feature.962', 'on'),
    ('semicolon;inside', 'a ''quoted'' value; still one statement')
ON CONFLICT (key) DO NOTHING;
ALTER TABLE projects ALTER COLUMN name TYPE varchar(200);
DROP INDEX audits_created_at_idx; -- expect: MIG017

-- migrate:down
DROP TABLE app_settings;
