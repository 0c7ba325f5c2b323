-- migrate:up
\set ON_ERROR_STOP on
-- add_column_seed
SET lock_timeout = '2s';
ALTER TABLE comments ADD COLUMN IF NOT EXISTS hint_5 text;
INSERT INTO app_settings (key, value) VALUES
    ('feature.911', 'on'),
    ('semicolon;inside', 'a ''quoted'' value; still one statement')
ON CONFLICT (key) DO NOTHING;

-- migrate:down
DROP TABLE app_settings;
