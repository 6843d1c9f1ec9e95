-- Tenant configuration owned by the gateway: channels and order sources (secrets encrypted
-- with AES-256-GCM, stored as {"keyId","ciphertext"} JSON), operator keys beside tenant
-- keys and per-key rate limits. Every change is published on tenants.config.v1 through the
-- outbox of shared-events/outbox (classpath:db/outbox).

ALTER TABLE tenants
    ADD COLUMN plan       text        NOT NULL DEFAULT 'standard' CHECK (plan ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
    -- Version of the published configuration; +1 with every change.
    ADD COLUMN version    bigint      NOT NULL DEFAULT 0,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

CREATE TABLE channels (
    tenant_id           text        NOT NULL REFERENCES tenants (id),
    channel_id          text        NOT NULL CHECK (channel_id ~ '^[a-z0-9][a-z0-9-]{0,62}$'),
    provider            text        NOT NULL CHECK (provider IN ('META', 'CBB')),
    phone_number_id     text        UNIQUE,
    waba_id             text,
    access_token        jsonb       NOT NULL,
    app_secrets         jsonb       NOT NULL DEFAULT '[]',
    verify_token        jsonb,
    messages_per_second integer     CHECK (messages_per_second > 0),
    base_url            text,
    custom_fields       jsonb       NOT NULL DEFAULT '{}',
    active              boolean     NOT NULL DEFAULT true,
    created_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, channel_id),
    CHECK (provider <> 'META' OR phone_number_id IS NOT NULL),
    CHECK (provider <> 'CBB' OR base_url IS NOT NULL)
);

CREATE TABLE order_sources (
    tenant_id       text        NOT NULL REFERENCES tenants (id),
    source          text        NOT NULL CHECK (source ~ '^[a-z0-9][a-z0-9-]{0,31}$'),
    signing_secrets jsonb       NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, source)
);

-- Operator keys (kind 'operator', scope admin, no tenant) live beside tenant keys so that one
-- lookup serves both; a tenant key can never carry the admin scope.
ALTER TABLE api_keys
    ADD COLUMN kind        text  NOT NULL DEFAULT 'tenant' CHECK (kind IN ('tenant', 'operator')),
    -- Per-key rate limit windows overriding the plan's, e.g. [{"limit":10,"window":"PT1S"}].
    ADD COLUMN rate_limits jsonb,
    ADD COLUMN rotated_to  uuid REFERENCES api_keys (id),
    ALTER COLUMN tenant_id DROP NOT NULL;

ALTER TABLE api_keys
    ADD CONSTRAINT api_keys_kind_tenant CHECK ((kind = 'operator') = (tenant_id IS NULL)),
    ADD CONSTRAINT api_keys_admin_only_operator CHECK (kind = 'operator' OR NOT ('admin' = ANY (scopes)));
