ALTER TABLE users ADD COLUMN nickname character varying(50);
