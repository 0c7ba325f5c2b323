-- shipgate-deprecate users.email: becomes NOT NULL
SELECT 1;
