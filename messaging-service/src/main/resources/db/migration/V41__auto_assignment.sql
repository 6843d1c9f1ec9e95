-- Auto-assignment: when an agent last got a conversation (round robin, least-loaded ties),
-- and the backlog of queued conversations, longest waiting first.
ALTER TABLE agents ADD COLUMN last_assigned_at timestamptz;
CREATE INDEX conversations_queued ON conversations (waiting_since, created_at)
    WHERE status = 'OPEN' AND queue_id IS NOT NULL;
CREATE INDEX conversations_assignee_load ON conversations (tenant_id, assignee_id) WHERE status = 'ASSIGNED';
