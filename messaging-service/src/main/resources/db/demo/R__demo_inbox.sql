-- The local stack's demo inbox (never on a real deployment; the local stack adds this location):
-- three agents of tenant demo, one of each role, bound to the gateway's demo agent keys, two
-- queues and two catalogue tags. The agents start AWAY: an agent who sets itself ONLINE starts
-- receiving conversations. The demo number is routed to no queue: the README's walk moves its
-- conversation into Visas itself.
INSERT INTO agents (tenant_id, id, name, email, role, capacity, availability, created_at, updated_at) VALUES
    ('demo', '00000000-0000-4000-8000-0000000a6e01', 'Ada', 'ada@demo.example', 'ADMIN', 6, 'AWAY', now(), now()),
    ('demo', '00000000-0000-4000-8000-0000000a6e02', 'Sam', 'sam@demo.example', 'SUPERVISOR', 6, 'AWAY', now(), now()),
    ('demo', '00000000-0000-4000-8000-0000000a6e03', 'Ana', 'ana@demo.example', 'AGENT', 3, 'AWAY', now(), now())
ON CONFLICT DO NOTHING;

INSERT INTO queues (tenant_id, id, name, mode, created_at, updated_at) VALUES
    ('demo', '00000000-0000-4000-8000-00000000a0e1', 'Visas', 'ROUND_ROBIN', now(), now()),
    ('demo', '00000000-0000-4000-8000-00000000a0e2', 'Billing', 'LEAST_LOADED', now(), now())
ON CONFLICT DO NOTHING;

INSERT INTO queue_members (tenant_id, queue_id, agent_id) VALUES
    ('demo', '00000000-0000-4000-8000-00000000a0e1', '00000000-0000-4000-8000-0000000a6e03'),
    ('demo', '00000000-0000-4000-8000-00000000a0e1', '00000000-0000-4000-8000-0000000a6e02'),
    ('demo', '00000000-0000-4000-8000-00000000a0e2', '00000000-0000-4000-8000-0000000a6e03'),
    ('demo', '00000000-0000-4000-8000-00000000a0e2', '00000000-0000-4000-8000-0000000a6e01')
ON CONFLICT DO NOTHING;

INSERT INTO tags (tenant_id, id, name, description, color, created_at, updated_at) VALUES
    ('demo', '00000000-0000-4000-8000-0000000007a1', 'Visa', 'Visa applications and their documents', '#2f80ed', now(), now()),
    ('demo', '00000000-0000-4000-8000-0000000007a2', 'Billing', 'Payments, refunds and invoices', '#f2994a', now(), now())
ON CONFLICT DO NOTHING;
