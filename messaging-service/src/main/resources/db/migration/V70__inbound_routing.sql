-- Inbound routing: a queue claims business numbers (a number belongs to at most one queue of
-- the tenant: the primary key), and at most one queue of a tenant is its default, which takes
-- the new conversations of the numbers no queue claims.
CREATE TABLE queue_phone_numbers (
    tenant_id       text NOT NULL,
    phone_number_id text NOT NULL,
    queue_id        uuid NOT NULL,
    PRIMARY KEY (tenant_id, phone_number_id),
    FOREIGN KEY (tenant_id, queue_id) REFERENCES queues (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX queue_phone_numbers_queue ON queue_phone_numbers (tenant_id, queue_id);

ALTER TABLE queues ADD COLUMN is_default boolean NOT NULL DEFAULT false;
CREATE UNIQUE INDEX queues_one_default ON queues (tenant_id) WHERE is_default;
