-- A tenant key may be bound to an agent (a user of the tenant's inbox, kept by
-- messaging-service) with the role it was issued for; a key without one is an
-- integration acting for the whole tenant within its scopes.
ALTER TABLE api_keys
    ADD COLUMN agent_id   text CHECK (char_length(agent_id) BETWEEN 1 AND 255),
    ADD COLUMN agent_role text CHECK (agent_role IN ('ADMIN', 'SUPERVISOR', 'AGENT')),
    ADD CONSTRAINT api_keys_agent_binding CHECK ((agent_id IS NULL) = (agent_role IS NULL)),
    ADD CONSTRAINT api_keys_agent_tenant_only CHECK (kind = 'tenant' OR agent_id IS NULL);
