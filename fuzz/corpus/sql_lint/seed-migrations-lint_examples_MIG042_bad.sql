-- shipgate-ignore MIG016: users is tiny
CREATE INDEX CONCURRENTLY users_email_idx ON users (email);
