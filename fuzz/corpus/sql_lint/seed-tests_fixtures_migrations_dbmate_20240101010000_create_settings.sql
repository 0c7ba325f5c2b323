-- migrate:up
-- Migration: create_settings
-- Author: platform team
SET lock_timeout = '2s';
CREATE TABLE app_settings (
    key text PRIMARY KEY,
    value text NOT NULL
);

-- migrate:down
DROP TABLE app_settings;
