-- migrate:up
\set ON_ERROR_STOP on
-- function_and_trigger_fk_not_valid
SET lock_timeout = '2s';
CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger AS $$
BEGIN
    NEW.updated_at := now(); -- keep in sync; semicolons inside the body are fine
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
ALTER TABLE devices ADD COLUMN IF NOT EXISTS updated_at timestamptz;
DROP TRIGGER IF EXISTS devices_touch ON devices;
CREATE TRIGGER devices_touch BEFORE UPDATE ON devices
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();
ALTER TABLE audits ADD COLUMN IF NOT EXISTS comments_ref_id bigint;
ALTER TABLE audits ADD CONSTRAINT audits_comments_ref_id_fk FOREIGN KEY (comments_ref_id) REFERENCES comments (id) NOT VALID;
ALTER TABLE audits VALIDATE CONSTRAINT audits_comments_ref_id_fk;
ALTER TABLE shipments ADD COLUMN label_4 boolean NOT NULL DEFAULT false;

-- migrate:down
DROP TABLE app_settings;
