TRUNCATE sessions, session_events;
