-- migrate:up
\set ON_ERROR_STOP on
-- function_and_trigger
SET lock_timeout = '2s';
CREATE OR REPLACE FUNCTION touch_updated_at() RETURNS trigger AS $$
BEGIN
    NEW.updated_at := now(); -- keep in sync; semicolons inside the body are fine
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
ALTER TABLE reviews ADD COLUMN IF NOT EXISTS updated_at timestamptz;
DROP TRIGGER IF EXISTS reviews_touch ON reviews;
CREATE TRIGGER reviews_touch BEFORE UPDATE ON reviews
    FOR EACH ROW EXECUTE FUNCTION touch_updated_at();

-- migrate:down
DROP TABLE app_settings;
