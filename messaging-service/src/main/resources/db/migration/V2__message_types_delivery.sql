-- Every message type, messages requested by other services, scheduled retries, CBB
-- correlation, pricing for cost reporting and the customer-service window.

ALTER TABLE messages ALTER COLUMN body DROP NOT NULL;
ALTER TABLE messages
    ADD COLUMN content             jsonb,           -- the Graph API object of the type
    ADD COLUMN reply_to            text,            -- wamid quoted (context.message_id)
    ADD COLUMN client_message_id   text,            -- the requesting service's id when it is not a UUID
    ADD COLUMN correlation_id      text,
    ADD COLUMN request_hash        text,            -- fingerprint of the request, to tell a repeat from a key reuse
    ADD COLUMN provider            text,            -- META | CBB
    ADD COLUMN provider_message_id text,            -- CBB's own id (CBB returns no wamid)
    ADD COLUMN matched_by          text,            -- how the wamid was linked: provider | callback_data | recipient_window
    ADD COLUMN next_attempt_at     timestamptz,     -- a retry or a throttled send waits until then
    ADD COLUMN throttled           integer NOT NULL DEFAULT 0,  -- rate-limit answers (130429/131056) so far
    ADD COLUMN pricing_category    text,
    ADD COLUMN pricing_model       text,
    ADD COLUMN pricing_type        text,
    ADD COLUMN billable            boolean,
    ADD COLUMN conversation_id     text,
    ADD COLUMN conversation_origin text;

CREATE INDEX messages_tenant_status_created ON messages (tenant_id, status, created_at);
CREATE INDEX messages_tenant_correlation ON messages (tenant_id, correlation_id) WHERE correlation_id IS NOT NULL;
CREATE INDEX messages_due ON messages (next_attempt_at) WHERE status = 'accepted' AND wamid IS NULL;
CREATE INDEX messages_awaiting_wamid ON messages (tenant_id, channel_id, recipient, created_at)
    WHERE wamid IS NULL AND provider_call_started_at IS NOT NULL;
CREATE UNIQUE INDEX messages_client_id ON messages (tenant_id, client_message_id) WHERE client_message_id IS NOT NULL;

ALTER TABLE held_statuses
    ADD COLUMN recipient     text,
    ADD COLUMN callback_data text,
    ADD COLUMN phone_number_id text,
    ADD COLUMN pricing       jsonb;

-- The customer-service window: the last inbound message of a contact to a business number.
CREATE TABLE service_windows (
    tenant_id       text        NOT NULL,
    phone_number_id text        NOT NULL,
    contact         text        NOT NULL,     -- wa_id digits
    last_inbound_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, phone_number_id, contact)
);
