-- Named secrets of a tenant's workflows (e.g. a helpdesk token an http_call step sends),
-- encrypted with AES-256-GCM bound to <tenant>/secrets/<name>, stored as {"keyId","ciphertext"}
-- JSON and published with the tenant's configuration on tenants.config.v1.
CREATE TABLE tenant_secrets (
    tenant_id  text        NOT NULL REFERENCES tenants (id),
    name       text        NOT NULL CHECK (name ~ '^[a-z][a-z0-9_]{0,63}$'),
    value      jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, name)
);
