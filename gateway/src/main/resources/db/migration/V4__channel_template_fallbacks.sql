-- Per template name, the template messaging-service sends in its place while it is PAUSED or
-- DISABLED; published with the channel on tenants.config.v1.
ALTER TABLE channels
    ADD COLUMN template_fallbacks jsonb NOT NULL DEFAULT '{}';
