-- shipgate-ignore MIG016: users is a 40-row feature-flag table
CREATE INDEX users_email_idx ON users (email);
