-- The endpoints of an instance's last telemetry record, beside its tasks, and a short
-- history of both for charts: at most one sample per sampling interval, the newest few
-- kept per instance (the report that adds a sample deletes the oldest beyond the count).

alter table instances add column endpoints jsonb not null default '[]';

create table instance_samples (
    instance_id  uuid        not null references instances (id) on delete cascade,
    at           timestamptz not null,  -- server clock: sampling interval and pruning
    telemetry_at timestamptz not null,  -- when the node decoded the record
    tasks        jsonb       not null,
    endpoints    jsonb       not null,
    primary key (instance_id, at)
);
