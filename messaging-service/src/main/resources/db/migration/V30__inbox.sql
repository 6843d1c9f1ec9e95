-- The inbox: contacts known from inbound messages, support conversations and their timeline
-- (customer messages, agent replies, private notes, activity entries). docs/inbox.md explains
-- the model.

-- A person who wrote to one of the tenant's numbers. The identifiers Meta gives (phone wa_id,
-- business-scoped user id) live in contact_identities, so a number change adds an identifier
-- and keeps the contact (and its conversations).
CREATE TABLE contacts (
    id            uuid        PRIMARY KEY,
    tenant_id     text        NOT NULL,
    phone         text,                              -- E.164 (+ and the wa_id digits), null for BSUID-only contacts
    user_id       text,                              -- business-scoped user id (BSUID), e.g. US.1349...
    profile_name  text,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

CREATE INDEX contacts_tenant_phone ON contacts (tenant_id, phone);
CREATE INDEX contacts_tenant_created ON contacts (tenant_id, created_at, id);

CREATE TABLE contact_identities (
    tenant_id   text        NOT NULL,
    kind        text        NOT NULL CHECK (kind IN ('WA_ID', 'BSUID')),
    value       text        NOT NULL,
    contact_id  uuid        NOT NULL REFERENCES contacts (id),
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, kind, value)
);

CREATE INDEX contact_identities_contact ON contact_identities (contact_id);

-- OPEN (nobody owns it) -> ASSIGNED -> RESOLVED -> ARCHIVED. At most one OPEN/ASSIGNED
-- conversation per tenant, business number and contact (the partial unique index below).
CREATE TABLE conversations (
    id                       uuid        PRIMARY KEY,
    tenant_id                text        NOT NULL,
    channel_id               text,                   -- the channel replies go through (null: the tenant has none for the number)
    phone_number_id          text        NOT NULL,   -- the business number the contact writes to
    contact_id               uuid        NOT NULL REFERENCES contacts (id),
    status                   text        NOT NULL CHECK (status IN ('OPEN', 'ASSIGNED', 'RESOLVED', 'ARCHIVED')),
    assignee_id              text,
    priority                 smallint    NOT NULL DEFAULT 0,        -- NONE 0 < LOW < MEDIUM < HIGH < URGENT 4
    tags                     text[]      NOT NULL DEFAULT '{}',
    unread_count             integer     NOT NULL DEFAULT 0,
    reopen_count             integer     NOT NULL DEFAULT 0,
    previous_conversation_id uuid,
    last_inbound_at          timestamptz,            -- the contact's last message (the 24 h window)
    waiting_since            timestamptz,            -- the customer's oldest unanswered message
    last_activity_at         timestamptz NOT NULL,
    last_text                text,                   -- the latest message's readable text, for lists
    resolved_at              timestamptz,
    archived_at              timestamptz,
    created_at               timestamptz NOT NULL,
    updated_at               timestamptz NOT NULL,
    version                  bigint      NOT NULL DEFAULT 0,
    CONSTRAINT conversations_open_unassigned CHECK (status <> 'OPEN' OR assignee_id IS NULL),
    CONSTRAINT conversations_assigned_has_assignee CHECK (status <> 'ASSIGNED' OR assignee_id IS NOT NULL)
);

CREATE UNIQUE INDEX conversations_one_active ON conversations (tenant_id, phone_number_id, contact_id)
    WHERE status IN ('OPEN', 'ASSIGNED');
-- The contact's latest conversation on a number (reopen or start a new one).
CREATE INDEX conversations_contact_latest ON conversations (tenant_id, phone_number_id, contact_id, created_at DESC);
-- The list: newest activity first, keyset on (last_activity_at, id).
CREATE INDEX conversations_tenant_activity ON conversations (tenant_id, last_activity_at DESC, id DESC);
CREATE INDEX conversations_tenant_status ON conversations (tenant_id, status, last_activity_at DESC, id DESC);

-- One timeline per conversation. seq orders the entries as the inbox recorded them (one
-- contact's inbound messages are handled in order) and is the timeline's keyset cursor.
CREATE TABLE conversation_entries (
    id                  uuid        PRIMARY KEY,
    seq                 bigserial   NOT NULL UNIQUE,
    tenant_id           text        NOT NULL,
    conversation_id     uuid        NOT NULL REFERENCES conversations (id),
    kind                text        NOT NULL CHECK (kind IN ('INBOUND', 'OUTBOUND', 'NOTE', 'ACTIVITY')),
    at                  timestamptz NOT NULL,
    wamid               text,                   -- INBOUND: Meta's message id
    message_type        text,                   -- INBOUND: Meta's type (text, image, ..., system, unsupported)
    text                text,                   -- readable text: body, caption, reply title; NOTE: the note
    content             jsonb,                  -- INBOUND: the object of the type as Meta sent it
    context             jsonb,                  -- INBOUND: reply / forward / product context
    referral            jsonb,                  -- INBOUND: click-to-WhatsApp referral
    errors              jsonb,                  -- INBOUND: Meta's errors (unsupported messages)
    other_fields        jsonb,                  -- INBOUND: further message fields (e.g. identity)
    reply_to_wamid      text,                   -- the wamid this entry answers (context.id)
    outbound_message_id uuid,                   -- OUTBOUND: the message in messages
    actor               text,                   -- agent or key id (OUTBOUND, NOTE, ACTIVITY)
    activity            text,                   -- ACTIVITY: RESOLVED, REOPENED, ASSIGNED, ...
    details             jsonb,                  -- ACTIVITY: what changed
    created_at          timestamptz NOT NULL DEFAULT now()
);

-- Inbound messages are stored once per wamid, whatever Meta re-sends.
CREATE UNIQUE INDEX conversation_entries_wamid ON conversation_entries (tenant_id, wamid) WHERE wamid IS NOT NULL;
CREATE UNIQUE INDEX conversation_entries_outbound ON conversation_entries (tenant_id, outbound_message_id)
    WHERE outbound_message_id IS NOT NULL;
CREATE INDEX conversation_entries_timeline ON conversation_entries (conversation_id, seq);

-- Reactions are applied to the message they react to (inbound or outbound, by wamid), one
-- per reacting contact; never a timeline entry of their own. Removing one clears the emoji.
CREATE TABLE message_reactions (
    tenant_id      text        NOT NULL,
    target_wamid   text        NOT NULL,
    contact_id     uuid        NOT NULL REFERENCES contacts (id),
    emoji          text,                       -- null once removed
    reacted_at     timestamptz NOT NULL,
    wamid          text        NOT NULL,       -- the reaction message's own wamid
    PRIMARY KEY (tenant_id, target_wamid, contact_id)
);

-- The archive job: resolved conversations past their archive age, oldest first.
CREATE INDEX conversations_resolved ON conversations (resolved_at) WHERE status = 'RESOLVED';
