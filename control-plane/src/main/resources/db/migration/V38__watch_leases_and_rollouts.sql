-- Leases and rollouts join the change log behind the watch streams, through the one
-- watch_log function of V13. It now takes any number of columns whose change alone is not
-- news (tg_argv[1] on): a lease's claimed_until moves each time a reconciler claims it.
create or replace function watch_log() returns trigger language plpgsql as $$
declare
    quiet  text[] := tg_argv[1:tg_nargs - 1];
    before jsonb := case when tg_op = 'INSERT' then null else to_jsonb(old) end;
    after  jsonb := case when tg_op = 'DELETE' then null else to_jsonb(new) end;
    version bigint;
    nudge uuid[] := '{}';
begin
    if tg_op = 'UPDATE' and (before - quiet) = (after - quiet) then
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

create constraint trigger leases_watch after insert or update or delete on leases
    deferrable initially deferred for each row execute function watch_log('leases', 'updated_at', 'claimed_until');

create constraint trigger rollouts_watch after insert or update or delete on rollouts
    deferrable initially deferred for each row execute function watch_log('rollouts', 'updated_at');
