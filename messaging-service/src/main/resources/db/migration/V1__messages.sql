-- Outbound messages, their delivery statuses, and the inbox and outbox that make the
-- service's effects exactly-once. Every table holding tenant data carries tenant_id.

CREATE TABLE messages (
    id                       uuid PRIMARY KEY,
    tenant_id                text        NOT NULL,
    channel_id               text        NOT NULL,
    recipient                text        NOT NULL,            -- E.164, e.g. +972500000001
    type                     text        NOT NULL,            -- text (more types later)
    body                     text        NOT NULL,            -- the text of a text message
    status                   text        NOT NULL,            -- accepted|sent|delivered|read|played|failed
    wamid                    text,                            -- WhatsApp message id, once the provider accepted it
    idempotency_key          text,
    error_code               integer,
    error_title              text,
    error_details            text,
    accepted_at              timestamptz NOT NULL,
    sent_at                  timestamptz,
    delivered_at             timestamptz,
    read_at                  timestamptz,
    played_at                timestamptz,
    failed_at                timestamptz,
    provider_attempts        integer     NOT NULL DEFAULT 0,
    provider_call_started_at timestamptz,                     -- set before the one provider call
    created_at               timestamptz NOT NULL DEFAULT now(),
    updated_at               timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT messages_wamid_unique UNIQUE (wamid),
    CONSTRAINT messages_idempotency_unique UNIQUE (tenant_id, idempotency_key)
);

CREATE INDEX messages_tenant_created ON messages (tenant_id, created_at);

-- Statuses that arrived before the send recorded their wamid; applied when it does.
CREATE TABLE held_statuses (
    event_id      text        PRIMARY KEY,
    tenant_id     text        NOT NULL,
    wamid         text        NOT NULL,
    status        text        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    error_code    integer,
    error_title   text,
    error_details text,
    received_at   timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX held_statuses_wamid ON held_statuses (tenant_id, wamid);

-- Events each consumer group has processed (idempotent consumers).
CREATE TABLE inbox (
    consumer_group text        NOT NULL,
    event_id       text        NOT NULL,
    tenant_id      text        NOT NULL,
    processed_at   timestamptz NOT NULL,
    PRIMARY KEY (consumer_group, event_id)
);

-- Events written with the state change they report, relayed to Kafka in id order.
CREATE TABLE outbox (
    id           bigserial   PRIMARY KEY,
    tenant_id    text        NOT NULL,
    topic        text        NOT NULL,
    key          text        NOT NULL,
    type         text        NOT NULL,
    payload      jsonb       NOT NULL,
    headers      jsonb       NOT NULL,                        -- CloudEvents attributes: id, source, time, subject, ...
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);

CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
