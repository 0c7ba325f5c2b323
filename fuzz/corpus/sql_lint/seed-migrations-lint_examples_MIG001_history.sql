-- shipgate-deprecate users.legacy_flag: replaced by users.flags
SELECT 1;
