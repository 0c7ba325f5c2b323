-- one pull request, two migration files (the example runner splits at `-- next file:`)
-- next file: 0005_add_email_v2.up.sql
ALTER TABLE users ADD COLUMN email_v2 text;
-- next file: 0006_drop_email.up.sql
ALTER TABLE users DROP COLUMN email;
