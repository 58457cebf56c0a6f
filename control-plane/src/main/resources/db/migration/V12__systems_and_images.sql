-- Systems (named configurations; every change of one makes an immutable revision), boot
-- images, and instances that reference a system revision and an image version. After V10,
-- whose version trigger compares whole rows, so the new instance columns need no change there.

create table systems (
    name            text        primary key,
    labels          jsonb       not null default '{}',
    latest_revision integer     not null,
    -- the ETag: bumped by every change (labels, a new revision)
    version         bigint      not null default 1,
    created_at      timestamptz not null,
    updated_at      timestamptz not null
);

-- Immutable: rows are only inserted, and deleted with their system.
create table system_revisions (
    system     text        not null references systems (name) on delete cascade,
    revision   integer     not null check (revision > 0),
    -- the normalized SystemSpec (defaults filled in), what the agent renders for the root task
    spec       jsonb       not null,
    created_at timestamptz not null,
    primary key (system, revision)
);

create table images (
    name         text        not null,
    version      text        not null,
    architecture text        not null,
    sha256       text        not null,
    components   jsonb       not null,
    labels       jsonb       not null default '{}',
    created_at   timestamptz not null,
    primary key (name, version)
);

-- Null: the instance boots the image's own configuration / an image the node has locally.
-- The foreign keys keep a referenced revision or image from being deleted.
alter table instances
    add column system_revision integer,
    add column image_version   text,
    add constraint instances_system_revision foreign key (system, system_revision)
        references system_revisions (system, revision),
    add constraint instances_image_version foreign key (image, image_version)
        references images (name, version);

create index instances_by_system_revision on instances (system, system_revision) where system_revision is not null;
create index instances_by_image_version on instances (image, image_version) where image_version is not null;

-- Idempotency keys serve every collection that creates: a key is unique within its scope.
alter table idempotency_keys drop constraint idempotency_keys_pkey;
alter table idempotency_keys add column scope text not null default 'instances';
alter table idempotency_keys alter column scope drop default;
alter table idempotency_keys add primary key (scope, key);
alter table idempotency_keys drop column instance_id;
