-- When each digest last ran to its end (sent, wrote or had nothing new), kept apart from its last run, which an SMTP
-- outage overwrites: the hub_digest_last_success_* meters read it. A digest whose last run had no outage ran well then.
-- Written for both H2 and PostgreSQL.
ALTER TABLE digest_state ADD COLUMN last_success_at TIMESTAMP WITH TIME ZONE;
UPDATE digest_state SET last_success_at = last_run_at WHERE failures = 0;
