/**
 * Exec: run a command on a console of an instance (the guest's system monitor) from the
 * API. The request is stored in PostgreSQL, nudges the agent of the instance's node,
 * which claims it, runs it and reports; the waiting request, on whichever replica, is
 * woken by the change log's NOTIFY. Nothing depends on it.
 */
package dev.atoll.controlplane.exec;
