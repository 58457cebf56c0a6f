-- API tokens may expire, and say when they were last used (to the minute: a use within a
-- minute of the last recorded one writes nothing).
alter table api_tokens add column expires_at timestamptz, add column last_used_at timestamptz;

-- Every mutation made with an API token: who (the token's name and role, kept when the
-- token is revoked), what (method, path, the status answered), when.
create table audit_log (
    id     bigserial   primary key,
    at     timestamptz not null default now(),
    actor  text        not null,
    role   text        not null,
    method text        not null,
    path   text        not null,
    status int         not null
);
