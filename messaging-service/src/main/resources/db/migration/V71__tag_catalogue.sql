-- The tenant's tag catalogue: the tags conversations may carry (conversations.tags holds their
-- names in the catalogue's spelling). Names are unique in the tenant whatever their case.
CREATE TABLE tags (
    tenant_id   text        NOT NULL,
    id          uuid        NOT NULL,
    name        text        NOT NULL,
    description text,
    color       text        CHECK (color ~ '^#[0-9a-f]{6}$'),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    version     bigint      NOT NULL DEFAULT 0,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX tags_tenant_name ON tags (tenant_id, lower(name));

-- Tags conversations carry already (free, lower-cased until now) join the catalogue, so that
-- every conversation names catalogue tags only.
INSERT INTO tags (tenant_id, id, name, created_at, updated_at)
SELECT tenant_id, gen_random_uuid(), name, now(), now()
FROM (SELECT DISTINCT c.tenant_id, lower(t.name) AS name FROM conversations c, unnest(c.tags) AS t(name)) used
ON CONFLICT DO NOTHING;
