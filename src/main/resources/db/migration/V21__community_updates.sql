-- Community Updates in the facilitator's voice (docs/console.md, "The edition note"). Written for both H2 and PostgreSQL.

-- The note the facilitator writes for a digest's next edition: an introduction and news items, as JSON
-- ({"intro": "...", "news": [{"title": "...", "text": "...", "link": "https://..."}]}). One draft per digest; the
-- transaction that creates the next edition moves it onto that edition and deletes it, so the one after starts empty.
CREATE TABLE digest_note (
    digest_id   VARCHAR(64) PRIMARY KEY,
    note        VARCHAR NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The note an edition went out with (null: none): its page, its JSON and every member's message carry it, and a run
-- that resumes the edition after an outage sends the same note.
ALTER TABLE digest_edition ADD COLUMN note VARCHAR;
