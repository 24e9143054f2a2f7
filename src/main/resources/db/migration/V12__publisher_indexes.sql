-- What the publishers read of the practices, from indexes: a practice row holds its whole document, and the store
-- reads rows whole, so listing the live practices (the depository's index, the digest's joins, the feeds' newest)
-- read every document (about half a second each at 10,000 practices on H2). These indexes hold the few columns
-- those queries ask for, so they are answered from the index alone; both begin with withdrawn_at and so also serve
-- the live count that practice_withdrawn_idx was for.
CREATE INDEX practice_newest ON practice (withdrawn_at, last_changed DESC, id);
CREATE INDEX practice_list ON practice (withdrawn_at, first_seen, id, title, last_changed);
DROP INDEX practice_withdrawn_idx;
-- the networks carrying each practice, in the order they came (the depository's index and the digest's briefs)
CREATE INDEX source_record_networks ON source_record (practice_id, first_seen, source_id, record_id, network, deleted_at);
