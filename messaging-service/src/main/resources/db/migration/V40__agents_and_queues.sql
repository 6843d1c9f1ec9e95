-- Agents (the tenant's users of the inbox) and queues with their members. Ids are the
-- inbox's own; an API key is bound to an agent id at the gateway.
CREATE TABLE agents (
    tenant_id    text        NOT NULL,
    id           uuid        NOT NULL,
    name         text        NOT NULL,
    email        text,
    role         text        NOT NULL CHECK (role IN ('ADMIN', 'SUPERVISOR', 'AGENT')),
    capacity     integer     NOT NULL DEFAULT 6 CHECK (capacity BETWEEN 0 AND 1000),
    availability text        NOT NULL DEFAULT 'AWAY' CHECK (availability IN ('ONLINE', 'AWAY')),
    active       boolean     NOT NULL DEFAULT true,
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL,
    version      bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX agents_tenant_role ON agents (tenant_id, role);

CREATE TABLE queues (
    tenant_id      text        NOT NULL,
    id             uuid        NOT NULL,
    name           text        NOT NULL,
    mode           text        NOT NULL DEFAULT 'ROUND_ROBIN'
                               CHECK (mode IN ('ROUND_ROBIN', 'LEAST_LOADED', 'MANUAL')),
    -- Stored as given; their behaviour (clocks, calendars) comes with the SLA monitor.
    business_hours jsonb,
    sla_policy     jsonb,
    active         boolean     NOT NULL DEFAULT true,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    version        bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX queues_tenant_name ON queues (tenant_id, lower(name));

CREATE TABLE queue_members (
    tenant_id text NOT NULL,
    queue_id  uuid NOT NULL,
    agent_id  uuid NOT NULL,
    PRIMARY KEY (tenant_id, queue_id, agent_id),
    FOREIGN KEY (tenant_id, queue_id) REFERENCES queues (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, agent_id) REFERENCES agents (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX queue_members_agent ON queue_members (tenant_id, agent_id);

-- The queue a conversation waits in (none: the tenant's general backlog).
ALTER TABLE conversations ADD COLUMN queue_id uuid;
CREATE INDEX conversations_queue ON conversations (tenant_id, queue_id, status);
