ALTER TABLE documents ADD COLUMN owner_id bigint;
