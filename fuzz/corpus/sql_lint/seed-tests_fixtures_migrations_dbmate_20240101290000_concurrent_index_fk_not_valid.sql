-- migrate:up
\set ON_ERROR_STOP on
-- concurrent_index_fk_not_valid
SET lock_timeout = '2s';
CREATE INDEX CONCURRENTLY IF NOT EXISTS payments_created_at_cidx ON payments (created_at);
ALTER TABLE shipments ADD COLUMN IF NOT EXISTS refunds_ref_id bigint;
ALTER TABLE shipments ADD CONSTRAINT shipments_refunds_ref_id_fk FOREIGN KEY (refunds_ref_id) REFERENCES refunds (id) NOT VALID;
ALTER TABLE shipments VALIDATE CONSTRAINT shipments_refunds_ref_id_fk;
ALTER TABLE audits ADD COLUMN IF NOT EXISTS invoices_owner_id bigint;
ALTER TABLE audits ADD CONSTRAINT audits_invoices_owner_fk FOREIGN KEY (invoices_owner_id) REFERENCES invoices (id); -- expect: MIG022

-- migrate:down
DROP TABLE app_settings;
