-- Every tenant's message templates as Meta last reported them (sync or webhook), one row per
-- WABA, name and language. A template gone from Meta stays, marked deleted.
CREATE TABLE templates (
    tenant_id text NOT NULL,
    waba_id text NOT NULL,
    name text NOT NULL,
    language text NOT NULL,
    template_id text NOT NULL,
    status text NOT NULL,
    category text,
    quality text,
    parameter_format text NOT NULL DEFAULT 'POSITIONAL',
    reason text,
    components jsonb NOT NULL DEFAULT '[]',
    -- When the state held here was true (Meta's webhook time, or when the sync asked):
    -- an older report never overwrites it.
    state_at timestamptz NOT NULL,
    deleted boolean NOT NULL DEFAULT false,
    updated_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, waba_id, name, language)
);
-- The list API pages by (name, language, waba_id) within a tenant.
CREATE INDEX templates_by_name ON templates (tenant_id, name, language, waba_id);

-- Sync runs: queued by a request or the schedule, claimed by one replica under a lease.
CREATE TABLE template_sync_jobs (
    id uuid PRIMARY KEY,
    -- The tenant whose WABAs are synced; null: every tenant (the schedule).
    tenant_id text,
    trigger text NOT NULL,
    status text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz,
    holder text,
    lease_until timestamptz,
    pages integer NOT NULL DEFAULT 0,
    seen integer NOT NULL DEFAULT 0,
    changed integer NOT NULL DEFAULT 0,
    failed integer NOT NULL DEFAULT 0,
    error text
);
CREATE INDEX template_sync_jobs_open ON template_sync_jobs (created_at) WHERE status IN ('queued', 'running');
CREATE INDEX template_sync_jobs_by_trigger ON template_sync_jobs (trigger, created_at);

-- One line per page (and per WABA outcome) of a sync run.
CREATE TABLE template_sync_log (
    job_id uuid NOT NULL REFERENCES template_sync_jobs (id) ON DELETE CASCADE,
    line_no bigserial,
    at timestamptz NOT NULL DEFAULT now(),
    line text NOT NULL,
    PRIMARY KEY (job_id, line_no)
);
