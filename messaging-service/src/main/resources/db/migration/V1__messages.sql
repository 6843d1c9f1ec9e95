-- Outbound messages and their delivery statuses. Every table holding tenant data carries
-- tenant_id. The inbox and outbox that make the service's effects exactly-once come from
-- shared-events/outbox (classpath:db/inbox, classpath:db/outbox).

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
