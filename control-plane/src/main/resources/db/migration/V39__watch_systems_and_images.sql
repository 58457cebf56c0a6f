-- Systems and images join the change log. Their tables are keyed by name (an image by name
-- and version), not by uuid: the log keeps that text key in the new column key, and in id a
-- uuid derived from it (md5 of 'kind/key', as dev.atoll.controlplane.watch.WatchSource#keyId
-- computes it), so the one log, its order and the streams stay keyed by uuid. Rows of
-- uuid-keyed tables have no key. An image's key is 'name/version', as in its path.
alter table watch_events add column key text;

create or replace function watch_log() returns trigger language plpgsql as $$
declare
    quiet  text[] := tg_argv[1:tg_nargs - 1];
    before jsonb := case when tg_op = 'INSERT' then null else to_jsonb(old) end;
    after  jsonb := case when tg_op = 'DELETE' then null else to_jsonb(new) end;
    subject jsonb := coalesce(after, before);
    version bigint;
    nudge uuid[] := '{}';
    name_key text;
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
    if not subject ? 'id' then
        name_key := case tg_argv[0] when 'images' then (subject ->> 'name') || '/' || (subject ->> 'version')
                                    else subject ->> 'name' end;
    end if;
    perform pg_advisory_xact_lock(7314601);
    version := nextval('resource_versions');
    insert into watch_events (resource_version, kind, type, id, key, nudge_nodes, at)
    values (version, tg_argv[0],
            case tg_op when 'INSERT' then 'ADDED' when 'UPDATE' then 'MODIFIED' else 'DELETED' end,
            coalesce((subject ->> 'id')::uuid, md5(tg_argv[0] || '/' || name_key)::uuid), name_key, nudge, now());
    perform pg_notify('atoll_watch', version::text);
    return null;
end
$$;

-- A system's row changes with every change of it (labels, a new revision: its version).
create constraint trigger systems_watch after insert or update or delete on systems
    deferrable initially deferred for each row execute function watch_log('systems', 'updated_at');

-- Images are immutable: created and deleted.
create constraint trigger images_watch after insert or update or delete on images
    deferrable initially deferred for each row execute function watch_log('images');
