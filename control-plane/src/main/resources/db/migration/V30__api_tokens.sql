-- API tokens: who may call the user API, and as what. Only the SHA-256 of a token is
-- stored; the secret is shown once, when it is created.
create table api_tokens (
    id         uuid primary key,
    name       text not null unique,
    role       text not null check (role in ('admin', 'operator', 'ci', 'viewer', 'join')),
    token_hash bytea not null unique,
    created_at timestamptz not null default now()
);
