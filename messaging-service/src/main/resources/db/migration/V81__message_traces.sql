-- The trace of each message's send (the request that accepted it) and of each status folded
-- into it, so that GET /api/v1/messages/{id} leads to the spans of both. A status keeps the
-- trace of the first event that reported it; statuses held for a wamid not known yet have none.
ALTER TABLE messages ADD COLUMN trace_id text;

CREATE TABLE message_status_traces (
    message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    status     text NOT NULL,
    trace_id   text NOT NULL,
    PRIMARY KEY (message_id, status)
);
