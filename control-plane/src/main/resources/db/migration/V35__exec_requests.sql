-- Exec requests (POST /api/v1/instances/{id}/exec): stored here so that any replica can take
-- the request and any replica can hear the answer. Inserting one nudges the agent of the
-- instance's node through the change log (kind 'exec'); the agent claims it, runs it and
-- reports; the update that ends it (a report, or the waiter giving up) is logged too, and its
-- NOTIFY wakes the waiting request on whichever replica holds it.

create table exec_requests (
    id          uuid        primary key,
    instance_id uuid        not null references instances (id) on delete cascade,
    node_id     uuid        not null,
    channel     integer     not null check (channel = 0 or channel between 2 and 127),
    command     text        not null,
    timeout_ms  bigint      not null check (timeout_ms > 0),
    state       text        not null check (state in ('Pending', 'Running', 'Completed', 'TimedOut', 'Failed')),
    created_at  timestamptz not null,
    claimed_at  timestamptz,
    finished_at timestamptz,
    output      text,
    exit_code   integer,
    duration_ms bigint,
    message     text
);

create index exec_requests_pending on exec_requests (node_id, created_at) where state = 'Pending';
create index exec_requests_by_age on exec_requests (created_at);

create function exec_watch_log() returns trigger language plpgsql as $$
declare
    version bigint;
begin
    -- News are the request (its node's agent is nudged) and its end (the waiter wakes), not its claim.
    if tg_op = 'UPDATE' and new.state in ('Pending', 'Running') then
        return null;
    end if;
    perform pg_advisory_xact_lock(7314601);
    version := nextval('resource_versions');
    insert into watch_events (resource_version, kind, type, id, nudge_nodes, at)
    values (version, 'exec', case tg_op when 'INSERT' then 'ADDED' else 'MODIFIED' end, new.id,
            case tg_op when 'INSERT' then array[new.node_id] else '{}'::uuid[] end, now());
    perform pg_notify('atoll_watch', version::text);
    return null;
end
$$;

create constraint trigger exec_requests_watch after insert or update on exec_requests
    deferrable initially deferred for each row execute function exec_watch_log();
