-- CI leases: a CI run asks for an instance for a while. The lease owns one instance,
-- created through the instances feature (with an idempotency key derived from the lease
-- id, so a retried provisioning creates it once); every end tears it down.
create table leases (
    id              uuid        primary key,
    owner           text        not null,
    ci_run_id       text        not null,
    system          text        not null,
    system_revision integer,
    image           text        not null,
    image_version   text,
    labels          jsonb       not null default '{}',
    memory_mb       integer,
    ttl_seconds     integer     not null,
    state           text        not null default 'Queued',
    reason          text        not null default '',
    instance_id     uuid,
    endpoint        jsonb,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    expires_at      timestamptz not null,
    ended_at        timestamptz,
    instance_gone   boolean     not null default false,
    -- A replica working on the lease (provisioning, following its instance, tearing it
    -- down) claims it until then; another replica skips it meanwhile. A crashed replica's
    -- claim runs out.
    claimed_until   timestamptz,
    version         bigint      not null default 1
);

create index leases_by_creation on leases (created_at, id);
create index leases_by_run on leases (ci_run_id);
-- What the reconciler visits: live leases, and ended ones whose instance is not gone yet.
create index leases_to_reconcile on leases (created_at, id) where not instance_gone;
