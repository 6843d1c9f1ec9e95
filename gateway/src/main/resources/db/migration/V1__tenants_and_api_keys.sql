-- Tenants and their API keys. Only a SHA-256 of each key's secret is stored.

CREATE TABLE tenants (
    id         text        PRIMARY KEY CHECK (id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    name       text        NOT NULL,
    status     text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
    id           uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id    text        NOT NULL REFERENCES tenants (id),
    -- Public part of sb_<prefix>.<secret>; finds the key.
    prefix       text        NOT NULL UNIQUE CHECK (prefix ~ '^[A-Za-z0-9]{4,32}$'),
    -- SHA-256 of the secret part.
    secret_hash  bytea       NOT NULL CHECK (octet_length(secret_hash) = 32),
    name         text        NOT NULL,
    scopes       text[]      NOT NULL DEFAULT '{}',
    expires_at   timestamptz,
    revoked_at   timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz
);

CREATE INDEX api_keys_tenant_id_idx ON api_keys (tenant_id);
