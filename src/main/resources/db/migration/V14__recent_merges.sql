-- The console's dashboard lists the most recent automatic merges (status merged, decided_by matcher, newest first):
-- from this index, the newest few are read without sorting every merged pair of a large store. Both H2 and PostgreSQL.
CREATE INDEX match_pair_recent ON match_pair (status, decided_by, decided_at DESC, id DESC);
