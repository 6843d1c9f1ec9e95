-- Demo data for the local stack and tests only (never on a real deployment): tenant "demo"
-- with key sb_demokey1.localdemosecret and tenant "acme" with key sb_acmekey1.localacmesecret.

INSERT INTO tenants (id, name, status) VALUES
    ('demo', 'Demo tenant', 'active'),
    ('acme', 'Acme tenant', 'active');

INSERT INTO api_keys (id, tenant_id, prefix, secret_hash, name, scopes) VALUES
    ('00000000-0000-4000-8000-00000000de01', 'demo', 'demokey1', sha256(convert_to('localdemosecret', 'UTF8')),
     'Demo key', ARRAY['messages:send', 'messages:read']),
    ('00000000-0000-4000-8000-00000000ac01', 'acme', 'acmekey1', sha256(convert_to('localacmesecret', 'UTF8')),
     'Acme key', ARRAY['messages:send', 'messages:read']);
