-- Members' subscriptions and per-subscriber digests. Written for both H2 and PostgreSQL.

-- A subscription: its id is 128 random bits (never shown except inside signed tokens), the address is
-- unique case-insensitively (email_key), filters are the canonical query string of GET /api/practices.
CREATE TABLE subscription (
    id            VARCHAR(32) PRIMARY KEY,
    email         VARCHAR(254) NOT NULL,
    email_key     VARCHAR(254) NOT NULL,
    filters       VARCHAR NOT NULL,
    frequency     VARCHAR(16) NOT NULL,        -- daily, weekly, monthly
    language      VARCHAR(35) NOT NULL,
    status        VARCHAR(16) NOT NULL,        -- pending, active, unsubscribed, failing
    start_seq     BIGINT NOT NULL DEFAULT 0,   -- the change event at confirmation: a digest starts after it
    bounces       INTEGER NOT NULL DEFAULT 0,  -- consecutive permanent (5xx) refusals
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    confirmed_at  TIMESTAMP WITH TIME ZONE,
    updated_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT subscription_email UNIQUE (email_key)
);
CREATE INDEX subscription_audience ON subscription (status, frequency);

-- How far each subscriber has received a digest: the change-event sequence of the last edition it got.
-- Advanced in the same transaction as the delivery log entry, only after the SMTP server accepted the message.
CREATE TABLE subscription_watermark (
    subscription_id VARCHAR(32) NOT NULL REFERENCES subscription (id),
    digest_id     VARCHAR(64) NOT NULL,
    seq           BIGINT NOT NULL,
    PRIMARY KEY (subscription_id, digest_id)
);

-- Per practice, the change event at which what a digest shows of it (title, summary, facets, networks)
-- last changed: an update that touches nothing a member reads is not news.
CREATE TABLE practice_digest (
    practice_id   VARCHAR(40) PRIMARY KEY,
    content_hash  VARCHAR(64),
    created_seq   BIGINT NOT NULL,
    changed_seq   BIGINT NOT NULL
);
CREATE INDEX practice_digest_changed ON practice_digest (changed_seq);

-- A digest's run state: when it last ran, how far its last edition reached, and the backoff after an SMTP outage.
CREATE TABLE digest_state (
    digest_id     VARCHAR(64) PRIMARY KEY,
    last_run_at   TIMESTAMP WITH TIME ZONE,
    last_status   VARCHAR(32),
    up_to         BIGINT NOT NULL DEFAULT 0,
    failures      INTEGER NOT NULL DEFAULT 0,
    retry_at      TIMESTAMP WITH TIME ZONE
);

-- An edition covers the change events (from_seq, up_to]; edition_date names its depository files.
ALTER TABLE digest_edition ADD COLUMN from_seq BIGINT;
ALTER TABLE digest_edition ADD COLUMN up_to BIGINT;
ALTER TABLE digest_edition ADD COLUMN edition_date VARCHAR(32);
ALTER TABLE digest_edition ADD COLUMN practices INTEGER;
ALTER TABLE digest_edition ADD COLUMN title VARCHAR;
CREATE UNIQUE INDEX digest_edition_date ON digest_edition (digest_id, edition_date);

-- The delivery log: subscribers' deliveries carry their subscription and the practices they held.
ALTER TABLE digest_delivery ADD COLUMN subscription_id VARCHAR(32);
ALTER TABLE digest_delivery ADD COLUMN practices INTEGER;

-- Practices stored before this migration are not news to the digests that already carried them:
-- they start at the latest change event, and so do the digests that had editions.
INSERT INTO practice_digest (practice_id, content_hash, created_seq, changed_seq)
    SELECT p.id, NULL, COALESCE(MAX(e.seq), 0), COALESCE(MAX(e.seq), 0)
    FROM practice p LEFT JOIN change_event e ON e.practice_id = p.id GROUP BY p.id;
INSERT INTO publisher_state (name, seq) SELECT 'digest-index', COALESCE(MAX(seq), 0) FROM change_event;
INSERT INTO digest_state (digest_id, up_to)
    SELECT DISTINCT d.digest_id, (SELECT COALESCE(MAX(seq), 0) FROM change_event) FROM digest_edition d;
UPDATE digest_edition SET completed_at = created_at WHERE completed_at IS NULL;
