-- The facilitator console's sessions (docs/console.md). Written for both H2 and PostgreSQL.
-- Kept in the database, so that a session opened on one instance works on every instance of a shared hub, and
-- logging out ends it everywhere at once. Only the SHA-256 of the session id is stored: whoever reads this table
-- (a backup, a replica) cannot use a row as a cookie.
CREATE TABLE console_session (
    id_hash       VARCHAR(64) PRIMARY KEY,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    client        VARCHAR
);
CREATE INDEX console_session_expiry ON console_session (expires_at);
