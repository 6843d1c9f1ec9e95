-- WhatsApp read receipts: when the assignee reads a conversation, the latest customer message's
-- wamid is to be marked read at Meta (which marks every earlier one too). The intent is written
-- in the read's transaction; a worker on every instance sends it, so the read never waits on Meta.
-- One row per (conversation, wamid): the same message is never marked twice.
CREATE TABLE read_receipts (
    id              uuid        PRIMARY KEY,
    tenant_id       text        NOT NULL,
    conversation_id uuid        NOT NULL REFERENCES conversations (id),
    channel_id      text        NOT NULL,
    wamid           text        NOT NULL,
    agent_id        text        NOT NULL,          -- the assignee who read
    read_at         timestamptz NOT NULL,          -- the read; the receipt is worthless some minutes later
    state           text        NOT NULL DEFAULT 'PENDING'
                                CHECK (state IN ('PENDING', 'SENT', 'FAILED', 'EXPIRED', 'SUPERSEDED')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,          -- due; while a call is under way, the end of its claim
    sent_at         timestamptz,
    last_error      text,
    UNIQUE (conversation_id, wamid)
);

-- The worker's claim: pending receipts by due time.
CREATE INDEX read_receipts_due ON read_receipts (next_attempt_at) WHERE state = 'PENDING';
-- Housekeeping deletes rows past their retention.
CREATE INDEX read_receipts_read_at ON read_receipts (read_at);
