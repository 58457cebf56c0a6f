-- Nodes (registered agents) and instances (desired state + last observed state).

create table nodes (
    id             uuid        primary key,
    name           text        not null unique,
    architecture   text        not null,
    memory_mb      integer     not null check (memory_mb >= 0),
    instance_slots integer     not null check (instance_slots >= 0),
    labels         jsonb       not null default '{}',
    metrics_url    text,
    -- SHA-256 of the node token; the token itself is never stored.
    token_hash     bytea       not null,
    registered_at  timestamptz not null,
    last_heartbeat timestamptz not null
);

create table instances (
    id                  uuid        primary key,
    name                text        not null unique,
    system              text        not null,
    image               text        not null,
    memory_mb           integer     not null check (memory_mb > 0),
    -- null while unscheduled; set once by the scheduler, never moved.
    node_id             uuid        references nodes (id),
    generation          bigint      not null default 1,
    -- a DELETE was accepted: the node must stop it, then the row is purged.
    deleting            boolean     not null default false,
    phase               text        not null default 'Pending',
    message             text        not null default '',
    console_tail        jsonb       not null default '[]',
    tasks               jsonb       not null default '[]',
    telemetry_at        timestamptz,
    reported_generation bigint,
    created_at          timestamptz not null,
    updated_at          timestamptz not null
);

create index instances_by_node on instances (node_id);
create index instances_unplaced on instances (created_at) where node_id is null and not deleting;
