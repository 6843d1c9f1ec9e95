-- Local stack and tests only: the demo key may use every tenant route family, so the README's
-- curls for orders, templates and workflows work with one key. The
-- acme key keeps only the message scopes (cross-tenant and missing-scope checks use it).

UPDATE api_keys
SET scopes = ARRAY['messages:send', 'messages:read', 'conversations:read', 'conversations:write', 'orders:read',
    'orders:write', 'templates:read', 'templates:write', 'workflows:read', 'workflows:write', 'stats:read']
WHERE prefix = 'demokey1';
