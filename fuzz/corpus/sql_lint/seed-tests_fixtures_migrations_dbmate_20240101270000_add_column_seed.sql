-- migrate:up
/* add_column_seed
 * Reviewed in the weekly schema review.
 */
SET lock_timeout = '2s';
ALTER TABLE audits ADD COLUMN external_ref_8 boolean NOT NULL DEFAULT false;
INSERT INTO app_settings (key, value) VALUES
    ('feature.253', 'on'),
    ('semicolon;inside', 'a ''quoted'' value; still one statement')
ON CONFLICT (key) DO NOTHING;

-- migrate:down
DROP TABLE app_settings;
