-- migrate:up
-- Migration: seed
-- Author: platform team
SET lock_timeout = '2s';
INSERT INTO app_settings (key, value) VALUES
    ('feature.496', 'on'),
    ('semicolon;inside', 'a ''quoted'' value; still one statement')
ON CONFLICT (key) DO NOTHING;

-- migrate:down
DROP TABLE app_settings;
