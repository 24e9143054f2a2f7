-- Several hub instances on one PostgreSQL database (docs/ARCHITECTURE.md, "Storage and instances"). Written for both
-- H2 and PostgreSQL; on H2 (one instance) it costs a row lock nobody else asks for.

-- A named lock taken FOR UPDATE by work that must not interleave across instances. 'store': every change to which
-- record belongs to which practice; generation counts those changes, so an instance sees when another one changed the
-- store and reads its matching index again.
CREATE TABLE hub_lock (
    name          VARCHAR(64) PRIMARY KEY,
    generation    BIGINT NOT NULL
);
INSERT INTO hub_lock (name, generation) VALUES ('store', 0);

-- A delivery being sent is claimed by one instance until a lease runs out: another instance skips it meanwhile, and
-- takes it over if the first one died with it.
ALTER TABLE push_delivery ADD COLUMN claimed_by VARCHAR(128);
ALTER TABLE push_delivery ADD COLUMN claimed_until TIMESTAMP WITH TIME ZONE;
