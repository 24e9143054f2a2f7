-- Hub to hub. Written for both H2 and PostgreSQL.
-- A record read from another hub keeps where it started: origin_hub is the hub that read it from its
-- network (null: this hub), via the label of the hub source it came through. A practice from another hub
-- whose records all started here is an echo and is not stored again.
ALTER TABLE source_record ADD COLUMN origin_hub VARCHAR(500);
ALTER TABLE source_record ADD COLUMN via VARCHAR(200);
