-- What the hub keeps per source between polls: HTTP validators, the URL after a permanent redirect,
-- the incremental watermark, and the backoff state.
ALTER TABLE source_state ADD COLUMN active BOOLEAN DEFAULT TRUE NOT NULL;
ALTER TABLE source_state ADD COLUMN current_url VARCHAR;
ALTER TABLE source_state ADD COLUMN etag VARCHAR;
ALTER TABLE source_state ADD COLUMN last_modified VARCHAR;
ALTER TABLE source_state ADD COLUMN watermark TIMESTAMP WITH TIME ZONE;
ALTER TABLE source_state ADD COLUMN consecutive_failures INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE source_state ADD COLUMN next_attempt TIMESTAMP WITH TIME ZONE;
ALTER TABLE source_state ADD COLUMN records_unchanged INTEGER DEFAULT 0 NOT NULL;
ALTER TABLE source_state ADD COLUMN notes VARCHAR;

-- A practice whose record the partner deleted (OAI-PMH status="deleted") is withdrawn, not erased.
ALTER TABLE practice ADD COLUMN withdrawn_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE source_record ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;

-- The mapping's URL that current_url replaced: a facilitator's new URL wins over an old redirect.
ALTER TABLE source_state ADD COLUMN moved_from VARCHAR;
