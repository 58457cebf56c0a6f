-- The change log behind the watch streams and the agents' nudges. Every committed change
-- of an instance or node gets a resource version from one sequence, in commit order: the
-- log is written by deferred triggers, at commit, under one advisory lock held until the
-- commit ends, so a reader that sees version N has already seen every version below N.
-- Each entry is announced with NOTIFY atoll_watch, delivered to every replica at commit.

create sequence resource_versions;

create table watch_events (
    resource_version bigint      primary key,
    kind             text        not null,
    type             text        not null check (type in ('ADDED', 'MODIFIED', 'DELETED')),
    id               uuid        not null,
    -- nodes whose agents must reconcile at once (desired state changed for them), maybe empty
    nudge_nodes      uuid[]      not null,
    at               timestamptz not null
);

create index watch_events_by_age on watch_events (at);

-- Versions at or below compacted_through were deleted: a watch resuming from there is
-- told 410 Gone and must list again.
create table watch_compaction (
    id                 integer primary key check (id = 1),
    compacted_through  bigint  not null
);
insert into watch_compaction values (1, 0);

-- tg_argv[0]: the kind; tg_argv[1]: a column whose change alone is not news (a heartbeat's
-- last_heartbeat, a report's updated_at).
create function watch_log() returns trigger language plpgsql as $$
declare
    before jsonb := case when tg_op = 'INSERT' then null else to_jsonb(old) end;
    after  jsonb := case when tg_op = 'DELETE' then null else to_jsonb(new) end;
    version bigint;
    nudge uuid[] := '{}';
begin
    if tg_op = 'UPDATE' and (before - tg_argv[1]) = (after - tg_argv[1]) then
        return null;
    end if;
    -- An agent hears of changes to what it must run, never of its own reports.
    if tg_argv[0] = 'instances' and (tg_op <> 'UPDATE'
            or before -> 'node_id' is distinct from after -> 'node_id'
            or before -> 'generation' is distinct from after -> 'generation'
            or before -> 'deleting' is distinct from after -> 'deleting') then
        nudge := array_remove(array[(before ->> 'node_id')::uuid, (after ->> 'node_id')::uuid], null);
    end if;
    perform pg_advisory_xact_lock(7314601);
    version := nextval('resource_versions');
    insert into watch_events (resource_version, kind, type, id, nudge_nodes, at)
    values (version, tg_argv[0],
            case tg_op when 'INSERT' then 'ADDED' when 'UPDATE' then 'MODIFIED' else 'DELETED' end,
            coalesce((after ->> 'id')::uuid, (before ->> 'id')::uuid), nudge, now());
    perform pg_notify('atoll_watch', version::text);
    return null;
end
$$;

create constraint trigger instances_watch after insert or update or delete on instances
    deferrable initially deferred for each row execute function watch_log('instances', 'updated_at');

create constraint trigger nodes_watch after insert or update or delete on nodes
    deferrable initially deferred for each row execute function watch_log('nodes', 'last_heartbeat');
