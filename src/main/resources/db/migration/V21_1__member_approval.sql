-- Targeted growth (docs/digests.md, "Recommendations and approval"). Written for both H2 and PostgreSQL.

-- approval: null when the facilitator's approval was not required when the address asked (or was recommended);
-- waiting, approved or declined otherwise. A subscription becomes active only once confirmed by its address AND,
-- when required, approved; a confirmed one still waiting has status 'approval', a declined one status 'declined'.
ALTER TABLE subscription ADD COLUMN approval VARCHAR(16);
-- the member who recommended the address (a subscription id; null when the address asked itself), and when
ALTER TABLE subscription ADD COLUMN recommended_by VARCHAR(32);
ALTER TABLE subscription ADD COLUMN recommended_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX subscription_approval ON subscription (approval, created_at);

-- the console's members page shows each member's last digest: the delivery log by member
CREATE INDEX digest_delivery_member ON digest_delivery (subscription_id, delivered_at);
