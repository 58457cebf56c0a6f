-- Observed conditions of an instance (Scheduled, Booted, SplitApplied, Ready) and the
-- generation its agent last reported acting on (the column V1 called reported_generation).
-- Scheduled is the control plane's: this trigger sets it whenever node_id changes, whoever
-- changes it. The agent's conditions replace the others on each report.

alter table instances rename column reported_generation to observed_generation;
alter table instances add column conditions jsonb not null default '[]';

-- An instant as the wire types write it (ISO-8601, UTC).
create function atoll_instant(t timestamptz) returns text language sql immutable as $$
    select to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- Condition `type` set in `conditions`; lastTransitionTime kept when the status stays.
create function instance_condition_set(conditions jsonb, type text, status boolean, reason text, message text)
returns jsonb language sql stable as $$
    select coalesce(jsonb_agg(c order by ord), '[]') from (
        select c, ord from jsonb_array_elements(conditions) with ordinality as e(c, ord)
        where c ->> 'type' <> type
        union all
        select jsonb_build_object('type', type, 'status', status, 'reason', reason, 'message', message,
                   'lastTransitionTime',
                   coalesce((select c ->> 'lastTransitionTime' from jsonb_array_elements(conditions) c
                             where c ->> 'type' = type and (c ->> 'status')::boolean = status), atoll_instant(now()))),
               0
    ) as merged
$$;

create function instances_schedule_condition() returns trigger language plpgsql as $$
begin
    if tg_op = 'INSERT' then
        new.conditions := instance_condition_set('[]', 'Scheduled', false, 'Pending', 'waiting for placement');
    elsif new.node_id is distinct from old.node_id then
        if new.node_id is null then
            -- Taken off an offline node: what its agent reported is no longer true.
            new.conditions := instance_condition_set('[]', 'Scheduled', false, 'Rescheduled',
                                                     'its node went offline; placing it elsewhere');
        else
            new.conditions := instance_condition_set(
                (select coalesce(jsonb_agg(c), '[]') from jsonb_array_elements(new.conditions) c
                 where c ->> 'type' = 'Scheduled'),
                'Scheduled', true, 'Placed', 'placed on node ' || (select name from nodes where id = new.node_id));
        end if;
    end if;
    -- A new system revision (a rollout) is a new desired generation for the agent.
    if tg_op = 'UPDATE' and new.system_revision is distinct from old.system_revision
            and new.generation = old.generation then
        new.generation := old.generation + 1;
    end if;
    return new;
end
$$;

-- Named to run before instances_version (triggers fire in name order), so the version
-- counts these changes.
create trigger instances_conditions before insert or update on instances
    for each row execute function instances_schedule_condition();

-- Existing rows: Scheduled from their placement.
update instances set conditions = instance_condition_set('[]', 'Scheduled', node_id is not null,
    case when node_id is null then 'Pending' else 'Placed' end,
    case when node_id is null then 'waiting for placement' else 'placed' end);
