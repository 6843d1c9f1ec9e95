-- Orders from order sources, their lifecycle history, the raw payloads they came with and
-- the work still due on them. Every table holding tenant data carries tenant_id. The inbox
-- and outbox that make effects exactly-once come from shared-events/outbox
-- (classpath:db/inbox, classpath:db/outbox).

-- The read model of an order: rebuilt exactly from orders.events.v1 (OrderChanged carries
-- the full state), so every column here also travels in the event.
CREATE TABLE orders (
    id                      uuid PRIMARY KEY,                 -- name-based on (tenant, source, external id)
    tenant_id               text          NOT NULL,
    source                  text          NOT NULL,           -- e.g. vizi
    external_order_id       text          NOT NULL,           -- the source's order id
    branch                  text          NOT NULL,
    status                  text          NOT NULL,
    reason                  text,                             -- last failure or rejection reasons
    sequence                bigint        NOT NULL,           -- of the last order event
    urgent                  boolean       NOT NULL DEFAULT false,
    customer_name           text,
    customer_email          text,
    customer_phone          text,                             -- E.164
    whatsapp_alerts         boolean       NOT NULL DEFAULT false,
    amount                  numeric(14,2),
    currency                text,                             -- ISO 4217, upper case
    country                 text,                             -- destination key, e.g. india
    details                 jsonb         NOT NULL,           -- product, quantity, entry date, ...
    cbb_contact_id          text,
    confirmation_attempt    integer       NOT NULL DEFAULT 0,
    confirmation_message_id uuid,
    confirmation_channel_id text,
    confirmation_requested_at timestamptz,
    received_at             timestamptz   NOT NULL,
    updated_at              timestamptz   NOT NULL,
    CONSTRAINT orders_source_unique UNIQUE (tenant_id, source, external_order_id)
);

-- The list filters: tenant first, newest first, cursor (received_at, id).
CREATE INDEX orders_tenant_received ON orders (tenant_id, received_at DESC, id DESC);
CREATE INDEX orders_tenant_status ON orders (tenant_id, status, received_at DESC, id DESC);
CREATE INDEX orders_tenant_branch ON orders (tenant_id, branch, received_at DESC, id DESC);
CREATE INDEX orders_tenant_phone ON orders (tenant_id, customer_phone);
CREATE INDEX orders_tenant_email ON orders (tenant_id, lower(customer_email));
CREATE INDEX orders_tenant_amount ON orders (tenant_id, amount);
CREATE INDEX orders_confirmation_message ON orders (tenant_id, confirmation_message_id);

-- Name search: case-insensitive substring, served by a trigram index when pg_trgm exists;
-- without the extension the tenant index narrows the scan.
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_trgm;
    EXECUTE 'CREATE INDEX orders_customer_name_trgm ON orders USING gin (lower(customer_name) gin_trgm_ops)';
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_trgm unavailable, name search without trigram index';
END
$$;

-- The audit trail: one row per lifecycle change, as published on orders.events.v1.
CREATE TABLE order_events (
    order_id        uuid        NOT NULL,
    sequence        bigint      NOT NULL,
    tenant_id       text        NOT NULL,
    status          text        NOT NULL,
    previous_status text,
    reason          text,
    occurred_at     timestamptz NOT NULL,
    PRIMARY KEY (order_id, sequence)
);

-- What the source sent, kept verbatim (personal data: not logged, not in events).
-- The order's source record, not a read model: a rebuild leaves it alone.
CREATE TABLE order_payloads (
    order_id    uuid        PRIMARY KEY,
    tenant_id   text        NOT NULL,
    event_id    text        NOT NULL,
    payload     jsonb       NOT NULL,
    received_at timestamptz NOT NULL
);

-- Work due on orders (contact sync, confirmation): a durable saga step. Lower priority
-- values run first: urgent orders (0) ahead of normal ones (1) ahead of bulk back-fills (2).
CREATE TABLE order_tasks (
    order_id   uuid        NOT NULL,
    kind       text        NOT NULL,                        -- sync
    tenant_id  text        NOT NULL,
    priority   smallint    NOT NULL,
    due_at     timestamptz NOT NULL,
    attempts   integer     NOT NULL DEFAULT 0,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (order_id, kind)
);

CREATE INDEX order_tasks_due ON order_tasks (priority, due_at);

-- Batch operations over a filter, processed in chunks.
CREATE TABLE batch_jobs (
    id          uuid        PRIMARY KEY,
    tenant_id   text        NOT NULL,
    operation   text        NOT NULL,                       -- retry_sync | resend_confirmation
    filter      jsonb       NOT NULL,
    status      text        NOT NULL,                       -- running | completed
    total       integer     NOT NULL,
    processed   integer     NOT NULL DEFAULT 0,
    affected    integer     NOT NULL DEFAULT 0,
    cursor_at   timestamptz,
    cursor_id   uuid,
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL
);

CREATE INDEX batch_jobs_running ON batch_jobs (created_at) WHERE status = 'running';
