-- Whether a control plane has been watching the fleet: the last scheduler pass (by any
-- replica) and since when passes have followed each other without a gap. A node's silence
-- only counts from then on, so a control plane that was down itself (an upgrade, an
-- outage) does not take its own absence for the nodes' and reschedule what still runs.
create table scheduler_watch (
    id            int         primary key check (id = 1),
    last_pass     timestamptz not null,
    watched_since timestamptz not null
);
