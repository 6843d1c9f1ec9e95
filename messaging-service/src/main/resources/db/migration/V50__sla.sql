-- SLA: the response clock and idle deadline of each conversation, and when the monitor
-- must look at it next (the earliest of its at-risk time, due time and idle deadline).
ALTER TABLE conversations
    ADD COLUMN sla_state             text CHECK (sla_state IN ('ON_TRACK', 'AT_RISK', 'BREACHED', 'MET')),
    ADD COLUMN sla_target            text CHECK (sla_target IN ('FIRST_RESPONSE', 'NEXT_RESPONSE')),
    ADD COLUMN first_response_due_at timestamptz,
    ADD COLUMN next_response_due_at  timestamptz,
    ADD COLUMN sla_at_risk_at        timestamptz,
    ADD COLUMN first_replied_at      timestamptz,
    ADD COLUMN idle_due_at           timestamptz,
    ADD COLUMN sla_check_at          timestamptz;
CREATE INDEX conversations_sla_check ON conversations (sla_check_at)
    WHERE sla_check_at IS NOT NULL AND status IN ('OPEN', 'ASSIGNED');
CREATE INDEX conversations_sla_state ON conversations (tenant_id, sla_state);
