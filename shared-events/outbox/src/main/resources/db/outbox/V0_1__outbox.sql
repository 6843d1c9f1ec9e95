-- The transactional outbox (dev.switchboard.events.outbox.Outbox): events written in the same
-- transaction as the state change they report, relayed to Kafka in id order by OutboxRelay.
-- A service that publishes through the outbox adds classpath:db/outbox to spring.flyway.locations;
-- versions below 1 run before the service's own migrations.
--
-- The relay retries a row that fails by itself (too large, unreadable by the running version,
-- refused by Kafka) with a backoff and parks it after switchboard.outbox.max-attempts, so that it
-- holds up no row behind it. A broker that is down costs no row an attempt.
-- Re-drive a parked row once its cause is fixed:
--   UPDATE outbox SET parked_at = NULL, attempts = 0, next_attempt_at = NULL WHERE id = ...;
CREATE TABLE outbox (
    id              bigserial   PRIMARY KEY,
    tenant_id       text        NOT NULL,
    topic           text        NOT NULL,
    key             text        NOT NULL,
    type            text        NOT NULL,
    payload         jsonb       NOT NULL,
    headers         jsonb       NOT NULL,                -- CloudEvents attributes: id, source, time, subject, ...
    created_at      timestamptz NOT NULL DEFAULT now(),
    published_at    timestamptz,
    attempts        integer     NOT NULL DEFAULT 0,      -- failed attempts counted against the row
    last_error      text,                                -- why the last attempt failed
    next_attempt_at timestamptz,                         -- not tried again before then
    parked_at       timestamptz                          -- given up on: left for an operator
);

CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL AND parked_at IS NULL;
CREATE INDEX outbox_parked ON outbox (parked_at) WHERE parked_at IS NOT NULL;
