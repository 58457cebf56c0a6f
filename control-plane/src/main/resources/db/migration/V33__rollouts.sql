-- Rollouts: a system revision applied to selected instances batch by batch, each moved
-- instance gated on its health. The state machine lives here, not in any replica's
-- memory: the reconciler of whichever replica locks a rollout row (FOR UPDATE SKIP
-- LOCKED) takes its next step, in one transaction with the instance changes it makes.

create table rollouts (
    id                     uuid        primary key,
    system                 text        not null,
    to_revision            integer     not null,
    -- the label selector as given, or null for every instance of the system
    selector               text,
    batch_size             integer     not null check (batch_size > 0),
    max_unavailable        integer     not null check (max_unavailable > 0),
    health_timeout_seconds integer     not null check (health_timeout_seconds > 0),
    state                  text        not null default 'Pending'
        check (state in ('Pending', 'Running', 'Paused', 'Succeeded', 'RollingBack', 'RolledBack', 'Aborted', 'Failed')),
    message                text        not null default '',
    -- the ETag: bumped by every change of state, message or any target's progress
    version                bigint      not null default 1,
    created_at             timestamptz not null,
    updated_at             timestamptz not null,
    -- the history of a deleted system goes with it
    foreign key (system, to_revision) references system_revisions (system, revision) on delete cascade
);

create index rollouts_active on rollouts (created_at)
    where state in ('Pending', 'Running', 'Paused', 'RollingBack');
create index rollouts_by_age on rollouts (created_at desc, id desc);

-- The instances a rollout selected when it was created, in batches. instance_id is no
-- foreign key: an instance deleted during a rollout is skipped, its row kept as history.
create table rollout_targets (
    rollout_id    uuid        not null references rollouts (id) on delete cascade,
    instance_id   uuid        not null,
    name          text        not null,
    batch         integer     not null check (batch >= 0),
    position      integer     not null check (position >= 0),
    -- null: the image's own configuration
    from_revision integer,
    to_revision   integer     not null,
    state         text        not null default 'Waiting'
        check (state in ('Waiting', 'Updating', 'Healthy', 'Unhealthy', 'RolledBack', 'Skipped')),
    reason        text        not null default '',
    -- the instance's generation once moved: the health gate waits for the agent to act on it
    generation    bigint,
    deadline      timestamptz,
    primary key (rollout_id, instance_id)
);

create index rollout_targets_by_instance on rollout_targets (instance_id);
