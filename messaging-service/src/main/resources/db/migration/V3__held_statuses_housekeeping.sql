-- Housekeeping deletes held statuses past switchboard.messaging.held-statuses.retention. Held
-- rows come and go (released within seconds when the send records its wamid): a B-tree.
CREATE INDEX held_statuses_received ON held_statuses (received_at);

-- A CBB send that finishes after its first status was held looks for that status by recipient
-- (HeldStatuses.unclaimedWamid); held_statuses_wamid narrowed it to the tenant only, so the
-- lookup read every status the tenant had held.
CREATE INDEX held_statuses_recipient ON held_statuses (tenant_id, recipient, occurred_at);
