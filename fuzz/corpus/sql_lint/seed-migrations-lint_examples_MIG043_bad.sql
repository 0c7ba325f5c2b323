-- shipgate-ignore MIG016
CREATE INDEX users_email_idx ON users (email);
