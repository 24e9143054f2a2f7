-- Several hub instances on one PostgreSQL database (docs/ARCHITECTURE.md, "Storage and instances"). Written for both
-- H2 and PostgreSQL; on H2 (one instance) it costs a row lock nobody else asks for.

-- A named lock taken FOR UPDATE by work that must not interleave across instances. 'store': every change to which
-- record belongs to which practice; generation counts those changes, so an instance sees when another one changed the
-- store. regrouped: the generation of the last facilitator's merge, split or re-run, after which an instance reads its
-- matching index again in full; otherwise it reads only the records whose store_gen is newer than its index.
CREATE TABLE hub_lock (
    name          VARCHAR(64) PRIMARY KEY,
    generation    BIGINT NOT NULL,
    regrouped     BIGINT NOT NULL
);
INSERT INTO hub_lock (name, generation, regrouped) VALUES ('store', 0, 0);
ALTER TABLE source_record ADD COLUMN store_gen BIGINT DEFAULT 0 NOT NULL;
CREATE INDEX source_record_gen ON source_record (store_gen);

-- A delivery being sent is claimed by one instance until a lease runs out: another instance skips it meanwhile, and
-- takes it over if the first one died with it.
ALTER TABLE push_delivery ADD COLUMN claimed_by VARCHAR(128);
ALTER TABLE push_delivery ADD COLUMN claimed_until TIMESTAMP WITH TIME ZONE;
