-- Optimistic concurrency: every instance has a version, bumped by any change of its desired
-- or observed state, whoever makes it (API, agent report, scheduler). The ETag is the version.

alter table instances add column version bigint not null default 1;

-- Lists the state columns; a column added to instances later must be added here too.
-- updated_at alone (a report that changes nothing) does not make a new version.
create function instances_bump_version() returns trigger language plpgsql as $$
begin
    if (new.name, new.system, new.image, new.memory_mb, new.node_id, new.generation, new.deleting,
        new.phase, new.message, new.console_tail, new.tasks, new.telemetry_at, new.reported_generation)
       is distinct from
       (old.name, old.system, old.image, old.memory_mb, old.node_id, old.generation, old.deleting,
        old.phase, old.message, old.console_tail, old.tasks, old.telemetry_at, old.reported_generation) then
        new.version := old.version + 1;
    else
        new.version := old.version;
    end if;
    return new;
end
$$;

create trigger instances_version before update on instances
    for each row execute function instances_bump_version();

-- Idempotency-Key of POST /api/v1/instances: the first answer, replayed for the same key and
-- body until the key expires. instance_id is not a foreign key: the answer outlives a delete.
create table idempotency_keys (
    key          text        primary key,
    request_hash bytea       not null,
    instance_id  uuid,
    response     jsonb,
    version      bigint,
    created_at   timestamptz not null,
    expires_at   timestamptz not null
);

create index idempotency_keys_by_expiry on idempotency_keys (expires_at);
