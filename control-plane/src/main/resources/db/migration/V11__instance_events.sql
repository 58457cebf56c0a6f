-- What happened to an instance, as the control plane saw it: placements, reschedulings,
-- losses. Purged with the instance.
create table instance_events (
    id          bigserial   primary key,
    instance_id uuid        not null references instances (id) on delete cascade,
    at          timestamptz not null,
    reason      text        not null,
    message     text        not null
);

create index instance_events_by_instance on instance_events (instance_id, id);

-- Recorded by the database whoever makes the change (any replica, any feature): a
-- placement, a rescheduling (only the scheduler takes an instance off a node, when the node
-- went offline), a loss.
create function instances_record_event() returns trigger language plpgsql as $$
begin
    if new.node_id is not null and new.node_id is distinct from old.node_id then
        insert into instance_events (instance_id, at, reason, message)
        select new.id, now(), 'Scheduled', 'placed on node ' || n.name from nodes n where n.id = new.node_id;
    elsif new.node_id is null and old.node_id is not null then
        insert into instance_events (instance_id, at, reason, message)
        select new.id, now(), 'Rescheduled', 'node ' || n.name || ' went offline; placing it elsewhere'
        from nodes n where n.id = old.node_id;
    end if;
    if new.phase = 'Lost' and old.phase <> 'Lost' then
        insert into instance_events (instance_id, at, reason, message)
        select new.id, now(), 'Lost', 'node ' || n.name || ' went offline; a board instance cannot move'
        from nodes n where n.id = new.node_id;
    end if;
    return null;
end
$$;

create trigger instances_events after update on instances
    for each row execute function instances_record_event();
