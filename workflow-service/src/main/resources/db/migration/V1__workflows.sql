-- Workflow definitions: one row per workflow with its current version, and every version
-- (immutable) a run may still execute.
CREATE TABLE workflows (
    id           uuid        PRIMARY KEY,
    tenant_id    text        NOT NULL,
    name         text        NOT NULL,
    version      integer     NOT NULL,
    enabled      boolean     NOT NULL,
    trigger_type text        NOT NULL,                 -- the current version's trigger, for event matching
    created_at   timestamptz NOT NULL,
    updated_at   timestamptz NOT NULL
);
CREATE INDEX workflows_by_tenant ON workflows (tenant_id, created_at, id);
CREATE INDEX workflows_by_trigger ON workflows (tenant_id, trigger_type) WHERE enabled;

CREATE TABLE workflow_versions (
    workflow_id uuid        NOT NULL REFERENCES workflows (id),
    version     integer     NOT NULL,
    definition  jsonb       NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (workflow_id, version)
);

-- Runs are the database timers: the executor claims rows whose due_at has come with
-- FOR UPDATE SKIP LOCKED (any replica, in batches) and moves due_at past a lease while it works,
-- so a run whose replica died is due again once the lease ends.
CREATE TABLE runs (
    id          uuid        PRIMARY KEY,              -- name-based on the trigger for event and cron runs
    tenant_id   text        NOT NULL,
    workflow_id uuid        NOT NULL REFERENCES workflows (id),
    version     integer     NOT NULL,
    trigger     text        NOT NULL,
    status      text        NOT NULL,                 -- running, succeeded, failed, cancelled
    step_id     text,                                 -- the next step to execute; null when finished
    attempt     integer     NOT NULL DEFAULT 0,       -- failed attempts of that step so far
    data        jsonb       NOT NULL,                 -- {input, trigger, vars}
    due_at      timestamptz,                          -- when the next step may run; null when finished
    claim       uuid,                                 -- the executor's claim; writes check it
    error       text,
    created_at  timestamptz NOT NULL,
    finished_at timestamptz
);
CREATE INDEX runs_due ON runs (due_at) WHERE status = 'running';
CREATE INDEX runs_by_workflow ON runs (workflow_id, created_at DESC, id);

-- Every attempt of every step, for the run's history.
CREATE TABLE step_attempts (
    run_id      uuid        NOT NULL REFERENCES runs (id),
    step_id     text        NOT NULL,
    attempt     integer     NOT NULL,
    type        text        NOT NULL,
    outcome     text        NOT NULL,                 -- succeeded, failed, waiting
    detail      jsonb,
    error       text,
    started_at  timestamptz NOT NULL,
    finished_at timestamptz NOT NULL,
    PRIMARY KEY (run_id, step_id, attempt)
);

-- The next fire time of each cron-triggered workflow; replicas claim due rows with
-- FOR UPDATE SKIP LOCKED, and a fire's run id is name-based on the fire time, so a fire starts
-- one run whatever the number of replicas.
CREATE TABLE cron_schedules (
    workflow_id  uuid        PRIMARY KEY REFERENCES workflows (id),
    tenant_id    text        NOT NULL,
    version      integer     NOT NULL,
    next_fire_at timestamptz NOT NULL
);
CREATE INDEX cron_due ON cron_schedules (next_fire_at);
