-- The outbox relay retries a row that fails by itself (too large, unreadable by the running
-- version, refused by Kafka) with a backoff and parks it after switchboard.outbox.max-attempts,
-- so that it holds up no row behind it. A broker that is down costs no row an attempt.
-- Re-drive a parked row once its cause is fixed:
--   UPDATE outbox SET parked_at = NULL, attempts = 0, next_attempt_at = NULL WHERE id = ...;
ALTER TABLE outbox
    ADD COLUMN attempts        integer     NOT NULL DEFAULT 0,  -- failed attempts counted against the row
    ADD COLUMN last_error      text,                            -- why the last attempt failed
    ADD COLUMN next_attempt_at timestamptz,                     -- not tried again before then
    ADD COLUMN parked_at       timestamptz;                     -- given up on: left for an operator

DROP INDEX outbox_unpublished;
CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL AND parked_at IS NULL;
CREATE INDEX outbox_parked ON outbox (parked_at) WHERE parked_at IS NOT NULL;

-- Housekeeping deletes processed event ids past switchboard.housekeeping.inbox-retention, in
-- small batches by processed_at. Rows arrive in processed_at order and are never updated: a BRIN
-- index finds the old ones for a few pages of index and costs the inserts next to nothing.
CREATE INDEX inbox_processed ON inbox USING brin (processed_at);

-- Housekeeping deletes held statuses past switchboard.messaging.held-statuses.retention. Held
-- rows come and go (released within seconds when the send records its wamid): a B-tree.
CREATE INDEX held_statuses_received ON held_statuses (received_at);

-- A CBB send that finishes after its first status was held looks for that status by recipient
-- (HeldStatuses.unclaimedWamid); held_statuses_wamid narrowed it to the tenant only, so the
-- lookup read every status the tenant had held.
CREATE INDEX held_statuses_recipient ON held_statuses (tenant_id, recipient, occurred_at);
