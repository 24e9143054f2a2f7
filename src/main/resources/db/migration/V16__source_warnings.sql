-- What a poll warns of although it may have worked (a records path or a field path that matched nothing), kept like
-- its notes until the next poll that reads records.
ALTER TABLE source_state ADD COLUMN warnings VARCHAR;
-- A digest of the mapping file the last good poll read with: once the file changes (a value map added for what stayed
-- unmapped), the next poll sends no validators and no watermark, so the records are read and mapped again.
ALTER TABLE source_state ADD COLUMN mapping_hash VARCHAR(64);
