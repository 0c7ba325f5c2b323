-- migrate:up
-- Migration: drop_deprecated_drop_deprecated
-- Author: platform team
SET lock_timeout = '2s';
ALTER TABLE comments DROP COLUMN IF EXISTS payments_ref_id;
ALTER TABLE shipments DROP COLUMN IF EXISTS reviews_id;
ALTER TABLE reviews ADD COLUMN IF NOT EXISTS invoices_ref_id bigint;
ALTER TABLE reviews ADD CONSTRAINT reviews_invoices_ref_id_fk FOREIGN KEY (invoices_ref_id) REFERENCES invoices (id) NOT VALID;
ALTER TABLE reviews VALIDATE CONSTRAINT reviews_invoices_ref_id_fk;

-- migrate:down
DROP TABLE app_settings;
