-- When the stored copy of each record was read from the partner (the end of its poll's fetch). Two instances can poll
-- one source at once; the one that read the partner earlier may commit later, and its older copy must not replace the
-- newer one, which the partner's validators would then keep from being read again. Rows from before stay NULL (any
-- copy may replace them).
ALTER TABLE source_record ADD COLUMN fetched_at TIMESTAMP WITH TIME ZONE;
