-- this pull request only expands; the drop ships in a later one
-- next file: 0005_add_email_v2.up.sql
ALTER TABLE users ADD COLUMN email_v2 text;
