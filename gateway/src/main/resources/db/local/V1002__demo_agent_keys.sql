-- Local stack and tests only: one key per demo inbox agent (messaging-service seeds the agents
-- with these ids on the local stack), so the README's inbox walk can act as each role:
--   sb_demoadmin.localadminsecret  Ada, ADMIN
--   sb_demosuper.localsupersecret  Sam, SUPERVISOR
--   sb_demoagent.localagentsecret  Ana, AGENT
INSERT INTO api_keys (id, tenant_id, prefix, secret_hash, name, scopes, agent_id, agent_role) VALUES
    ('00000000-0000-4000-8000-00000000de11', 'demo', 'demoadmin', sha256(convert_to('localadminsecret', 'UTF8')),
     'Demo inbox admin (Ada)', ARRAY['messages:send', 'messages:read', 'conversations:read', 'conversations:write'],
     '00000000-0000-4000-8000-0000000a6e01', 'ADMIN'),
    ('00000000-0000-4000-8000-00000000de12', 'demo', 'demosuper', sha256(convert_to('localsupersecret', 'UTF8')),
     'Demo inbox supervisor (Sam)', ARRAY['messages:send', 'messages:read', 'conversations:read', 'conversations:write'],
     '00000000-0000-4000-8000-0000000a6e02', 'SUPERVISOR'),
    ('00000000-0000-4000-8000-00000000de13', 'demo', 'demoagent', sha256(convert_to('localagentsecret', 'UTF8')),
     'Demo inbox agent (Ana)', ARRAY['messages:send', 'messages:read', 'conversations:read', 'conversations:write'],
     '00000000-0000-4000-8000-0000000a6e03', 'AGENT');
