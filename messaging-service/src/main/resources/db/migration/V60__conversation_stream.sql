-- The change log the inbox streams (Server-Sent Events) are served from: one row per
-- conversation change, written in the transaction of the change, kept for the stream's
-- retention. A row's place is (tx_id, position): readers take only rows of transactions
-- older than every running one (pg_snapshot_xmin), so a row never appears behind a
-- position a reader has passed, whatever order concurrent transactions commit in.
CREATE TABLE conversation_stream (
    position        bigserial   PRIMARY KEY,
    tx_id           xid8        NOT NULL DEFAULT pg_current_xact_id(),
    tenant_id       text        NOT NULL,
    conversation_id uuid        NOT NULL,
    assignee_id     text,                   -- after the change (filters agents' streams)
    queue_id        uuid,                   -- after the change (filters agents' streams)
    -- Before the change (the conversation's previous row here): an agent the conversation
    -- was taken from gets the change that took it.
    previous_known       boolean NOT NULL DEFAULT false,
    previous_assignee_id text,
    previous_queue_id    uuid,
    payload         jsonb       NOT NULL,   -- the ConversationChanged event's data
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversation_stream_order ON conversation_stream (tx_id, position);
CREATE INDEX conversation_stream_created ON conversation_stream (created_at);
CREATE INDEX conversation_stream_conversation ON conversation_stream (conversation_id, position);

-- Conversation statistics: entries of a kind in a period.
CREATE INDEX conversation_entries_tenant_kind_at ON conversation_entries (tenant_id, kind, at);
CREATE INDEX conversations_tenant_created ON conversations (tenant_id, created_at);
