-- Several hub instances on one database run the same digests (docs/digests.md, "Several instances"). Written for both
-- H2 and PostgreSQL.
-- A run of a digest is claimed by one instance until a lease runs out, renewed as the run sends: another instance
-- skips the digest meanwhile, and takes the run over (the open edition, less whoever has it) if the first one died.
-- claimed_by names the instance for the admin view; claim_token is the run's own, so that a restarted instance with
-- the same name cannot mistake an older run's claim for its own.
ALTER TABLE digest_state ADD COLUMN claimed_by VARCHAR(128);
ALTER TABLE digest_state ADD COLUMN claim_token VARCHAR(64);
ALTER TABLE digest_state ADD COLUMN claimed_until TIMESTAMP WITH TIME ZONE;
