-- What a digest shows of a practice, hashed when the store writes the practice (DigestIndex.view): the digest index's
-- refresh reads this column instead of parsing every changed practice's document (9,000 after a first large ingest).
-- Rows written before this migration keep NULL until their practice is written again; the refresh computes theirs.
ALTER TABLE practice ADD COLUMN digest_view VARCHAR;
