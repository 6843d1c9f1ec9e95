-- An agent's conversations (`assignee=me|{id}`), newest activity first, whatever their
-- status: without it the list walks the tenant's activity index until it finds a page.
CREATE INDEX conversations_tenant_assignee ON conversations (tenant_id, assignee_id, last_activity_at DESC, id DESC)
    WHERE assignee_id IS NOT NULL;
