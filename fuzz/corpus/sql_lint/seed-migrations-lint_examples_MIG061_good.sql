-- A new migration in the pull request; the applied one is left as it was.
ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;
