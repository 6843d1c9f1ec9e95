-- The consumer inbox (dev.switchboard.events.outbox.Inbox): the events each consumer group has
-- processed, so that a redelivered event changes nothing (idempotent consumers). A service whose
-- consumers use it adds classpath:db/inbox to spring.flyway.locations.
CREATE TABLE inbox (
    consumer_group text        NOT NULL,
    event_id       text        NOT NULL,
    tenant_id      text        NOT NULL,
    processed_at   timestamptz NOT NULL,
    PRIMARY KEY (consumer_group, event_id)
);

-- Housekeeping deletes processed event ids past switchboard.housekeeping.inbox-retention, in
-- small batches by processed_at. Rows arrive in processed_at order and are never updated: a BRIN
-- index finds the old ones for a few pages of index and costs the inserts next to nothing.
CREATE INDEX inbox_processed ON inbox USING brin (processed_at);
