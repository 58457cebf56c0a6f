-- Node admin state (the operator's axis, beside connectivity), instance labels, node
-- selectors and boot counts. Numbered V10 so that migrations other features add meanwhile
-- (V3..V9) stay in order.

alter table nodes add column admin_state text not null default 'Active'
    check (admin_state in ('Active', 'Drained', 'Maintenance'));

alter table instances add column labels jsonb not null default '{}';
-- Labels a node must carry (jsonb containment against the node's labels plus "arch").
alter table instances add column node_selector jsonb not null default '{}';
-- Placements so far: 1 after the first, +1 for each rescheduling.
alter table instances add column boot_count integer not null default 0;

-- The version trigger now compares whole rows, so a column added later bumps the version
-- without another change here. updated_at alone (a report that changes nothing) still
-- does not make a new version.
create or replace function instances_bump_version() returns trigger language plpgsql as $$
begin
    if (to_jsonb(new) - 'version' - 'updated_at') is distinct from (to_jsonb(old) - 'version' - 'updated_at') then
        new.version := old.version + 1;
    else
        new.version := old.version;
    end if;
    return new;
end
$$;
