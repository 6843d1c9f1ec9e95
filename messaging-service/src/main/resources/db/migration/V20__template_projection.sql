-- The tenant's message templates as template-service announces them on templates.events.v1:
-- the latest state of each name and language, read before every template send (no call to
-- template-service per send). state_at decides: an event older than the row is ignored.
CREATE TABLE templates (
    tenant_id         text        NOT NULL,
    name              text        NOT NULL,
    language          text        NOT NULL,
    waba_id           text        NOT NULL,
    template_id       text        NOT NULL,
    status            text        NOT NULL,            -- APPROVED, PAUSED, DISABLED, REJECTED, DELETED, ...
    category          text,
    parameter_format  text,                            -- POSITIONAL or NAMED
    components        jsonb       NOT NULL,            -- as Meta returns them
    state_at          timestamptz NOT NULL,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, name, language)
);
